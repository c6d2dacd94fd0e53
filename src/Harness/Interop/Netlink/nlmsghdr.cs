using System.Runtime.InteropServices;

namespace Vnetconf.Interop.Netlink;

#pragma warning disable CS8981 // the kernel's lower-case name, so the struct can be matched against the header
/// <summary>The header of every netlink message (16 bytes). Mirrors <c>struct nlmsghdr</c> of include/uapi/linux/netlink.h.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct nlmsghdr
{
    /// <summary>Length of the message including this header (not including trailing padding).</summary>
    public uint nlmsg_len;
    public ushort nlmsg_type;
    public ushort nlmsg_flags;
    public uint nlmsg_seq;
    /// <summary>Sending port id: 0 for the kernel, the socket's port id in replies to it.</summary>
    public uint nlmsg_pid;
}
