using System.Runtime.InteropServices;

namespace Vnetconf.Interop.Netlink;

#pragma warning disable CS8981 // the kernel's lower-case name, so the struct can be matched against the header
/// <summary>
/// The payload of an NLMSG_ERROR message (20 bytes): the result and the header of the request it answers. The request's
/// payload follows unless the ACK is capped (NETLINK_CAP_ACK, flag NLM_F_CAPPED), then extended-ACK attributes if
/// NLM_F_ACK_TLVS is set. Mirrors <c>struct nlmsgerr</c> of include/uapi/linux/netlink.h.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct nlmsgerr
{
    /// <summary>0 for an acknowledgement, else a negative errno.</summary>
    public int error;
    public nlmsghdr msg;
}
