using System.Runtime.InteropServices;

namespace Vnetconf.Interop.Netlink;

#pragma warning disable CS8981 // the kernel's lower-case name, so the struct can be matched against the header
/// <summary>
/// The header of a netlink attribute (4 bytes), followed by its payload and padding to <see cref="LinuxNetlink.NLA_ALIGNTO"/>.
/// Mirrors <c>struct nlattr</c> of include/uapi/linux/netlink.h.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct nlattr
{
    /// <summary>Header plus payload, without the trailing padding.</summary>
    public ushort nla_len;
    /// <summary>The attribute type, possibly with <see cref="LinuxNetlink.NLA_F_NESTED"/> or NLA_F_NET_BYTEORDER set.</summary>
    public ushort nla_type;
}
