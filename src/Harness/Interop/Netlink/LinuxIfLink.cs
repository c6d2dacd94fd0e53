namespace Vnetconf.Interop.Netlink;

/// <summary>Link attributes (IFLA_*), under their native names. Mirrors include/uapi/linux/if_link.h.</summary>
public static class LinuxIfLink
{
    public const ushort IFLA_ADDRESS = 1;
    public const ushort IFLA_IFNAME = 3;
    public const ushort IFLA_MTU = 4;
    public const ushort IFLA_MASTER = 10;
    public const ushort IFLA_LINKINFO = 18;
    /// <summary>struct rtnl_link_stats64 (read by <c>LinkStats</c> in Links).</summary>
    public const ushort IFLA_STATS64 = 23;
    public const ushort IFLA_NET_NS_FD = 28;

    // Nested in IFLA_LINKINFO.
    public const ushort IFLA_INFO_KIND = 1;
    public const ushort IFLA_INFO_DATA = 2;
}
