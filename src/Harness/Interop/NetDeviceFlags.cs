namespace Vnetconf.Interop;

/// <summary>
/// Device flags as rtnetlink reports them in ifi_flags, under their native names. Mirrors <c>enum net_device_flags</c>
/// of include/uapi/linux/if.h.
/// </summary>
[Flags]
public enum NetDeviceFlags : uint
{
    IFF_UP = 1 << 0,
    IFF_BROADCAST = 1 << 1,
    IFF_DEBUG = 1 << 2,
    IFF_LOOPBACK = 1 << 3,
    IFF_POINTOPOINT = 1 << 4,
    IFF_NOTRAILERS = 1 << 5,
    /// <summary>RFC 2863 OPER_UP.</summary>
    IFF_RUNNING = 1 << 6,
    IFF_NOARP = 1 << 7,
    IFF_PROMISC = 1 << 8,
    IFF_ALLMULTI = 1 << 9,
    IFF_MASTER = 1 << 10,
    IFF_SLAVE = 1 << 11,
    IFF_MULTICAST = 1 << 12,
    IFF_PORTSEL = 1 << 13,
    IFF_AUTOMEDIA = 1 << 14,
    IFF_DYNAMIC = 1 << 15,
    /// <summary>The driver signals carrier (for a veth: the peer is up).</summary>
    IFF_LOWER_UP = 1 << 16,
    IFF_DORMANT = 1 << 17,
    IFF_ECHO = 1 << 18,
}
