using System.Runtime.InteropServices;

namespace Vnetconf.Interop.Netlink;

#pragma warning disable CS8981 // the kernel's lower-case name, so the struct can be matched against the header
/// <summary>The family header of RTM_*NEIGH messages (12 bytes). Mirrors <c>struct ndmsg</c> of include/uapi/linux/neighbour.h.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct ndmsg
{
    public byte ndm_family;
    public byte ndm_pad1;
    public ushort ndm_pad2;
    public int ndm_ifindex;
    /// <summary>NUD_* state.</summary>
    public ushort ndm_state;
    public byte ndm_flags;
    public byte ndm_type;
}
