using System.Runtime.InteropServices;

namespace Vnetconf.Interop.Netlink;

#pragma warning disable CS8981 // the kernel's lower-case name, so the struct can be matched against the header
/// <summary>The family header of RTM_*ADDR messages (8 bytes). Mirrors <c>struct ifaddrmsg</c> of include/uapi/linux/if_addr.h.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct ifaddrmsg
{
    public byte ifa_family;
    public byte ifa_prefixlen;
    /// <summary>IFA_F_* flags that fit in 8 bits; larger ones travel in the IFA_FLAGS attribute.</summary>
    public byte ifa_flags;
    public byte ifa_scope;
    public uint ifa_index;
}
