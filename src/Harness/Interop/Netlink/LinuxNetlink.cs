namespace Vnetconf.Interop.Netlink;

/// <summary>Constants of the netlink transport, under their native names. Mirrors include/uapi/linux/netlink.h.</summary>
public static class LinuxNetlink
{
    /// <summary>Routing/device hook: the rtnetlink protocol of an AF_NETLINK socket.</summary>
    public const int NETLINK_ROUTE = 0;

    // setsockopt(SOL_NETLINK, ...) options.
    public const int NETLINK_CAP_ACK = 10;
    public const int NETLINK_EXT_ACK = 11;

    // nlmsg_flags: every request.
    public const ushort NLM_F_REQUEST = 0x01;
    public const ushort NLM_F_MULTI = 0x02;
    public const ushort NLM_F_ACK = 0x04;

    // nlmsg_flags: modifiers to GET requests.
    public const ushort NLM_F_ROOT = 0x100;
    public const ushort NLM_F_MATCH = 0x200;
    public const ushort NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH;

    // nlmsg_flags: modifiers to NEW requests.
    public const ushort NLM_F_EXCL = 0x200;
    public const ushort NLM_F_CREATE = 0x400;

    // nlmsg_flags: flags of an NLMSG_ERROR acknowledgement.
    public const ushort NLM_F_CAPPED = 0x100;
    public const ushort NLM_F_ACK_TLVS = 0x200;

    // Message types below NLMSG_MIN_TYPE are the transport's own.
    public const ushort NLMSG_NOOP = 0x1;
    public const ushort NLMSG_ERROR = 0x2;
    public const ushort NLMSG_DONE = 0x3;
    public const ushort NLMSG_OVERRUN = 0x4;

    public const int NLMSG_ALIGNTO = 4;

    /// <summary>Rounds a length up to the netlink message alignment (the NLMSG_ALIGN macro).</summary>
    public static int NLMSG_ALIGN(int length) => (length + NLMSG_ALIGNTO - 1) & ~(NLMSG_ALIGNTO - 1);

    // enum nlmsgerr_attrs: extended-ACK attributes after an NLMSG_ERROR's nlmsgerr.
    public const ushort NLMSGERR_ATTR_MSG = 1;
    public const ushort NLMSGERR_ATTR_OFFS = 2;

    // nla_type bits.
    public const ushort NLA_F_NESTED = 1 << 15;
    public const ushort NLA_F_NET_BYTEORDER = 1 << 14;
    public const ushort NLA_TYPE_MASK = unchecked((ushort)~(NLA_F_NESTED | NLA_F_NET_BYTEORDER));

    public const int NLA_ALIGNTO = 4;

    /// <summary>Rounds a length up to the attribute alignment (the NLA_ALIGN macro).</summary>
    public static int NLA_ALIGN(int length) => (length + NLA_ALIGNTO - 1) & ~(NLA_ALIGNTO - 1);
}
