using System.Runtime.InteropServices;

namespace Vnetconf.Interop.Netlink;

#pragma warning disable CS8981 // the kernel's lower-case name, so the struct can be matched against the header
/// <summary>A netlink socket address (12 bytes). Mirrors <c>struct sockaddr_nl</c> of include/uapi/linux/netlink.h.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct sockaddr_nl
{
    public ushort nl_family;
    public ushort nl_pad;
    /// <summary>Port id: 0 addresses the kernel.</summary>
    public uint nl_pid;
    public uint nl_groups;
}
