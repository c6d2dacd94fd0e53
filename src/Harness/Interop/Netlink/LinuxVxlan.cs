namespace Vnetconf.Interop.Netlink;

/// <summary>vxlan link data attributes (IFLA_VXLAN_*), under their native names. Mirrors include/uapi/linux/if_link.h.</summary>
internal static class LinuxVxlan
{
    /// <summary>u32: the VNI.</summary>
    public const ushort IFLA_VXLAN_ID = 1;

    /// <summary>4 bytes: the IPv4 remote (or multicast group) frames are sent to.</summary>
    public const ushort IFLA_VXLAN_GROUP = 2;

    /// <summary>4 bytes: the IPv4 source address, which also makes the link's socket IPv4.</summary>
    public const ushort IFLA_VXLAN_LOCAL = 4;

    /// <summary>u8: learn remote MACs from received frames (ip's default: on).</summary>
    public const ushort IFLA_VXLAN_LEARNING = 7;

    /// <summary>be16: the UDP destination port.</summary>
    public const ushort IFLA_VXLAN_PORT = 15;

    /// <summary>16 bytes: the IPv6 remote (or multicast group).</summary>
    public const ushort IFLA_VXLAN_GROUP6 = 16;

    /// <summary>16 bytes: the IPv6 source address, which also makes the link's socket IPv6.</summary>
    public const ushort IFLA_VXLAN_LOCAL6 = 17;

    /// <summary>u8: fill the outer IPv4 UDP checksum (udpcsum / noudpcsum).</summary>
    public const ushort IFLA_VXLAN_UDP_CSUM = 18;

    /// <summary>u8: send IPv6 datagrams with a zero UDP checksum (udp6zerocsumtx).</summary>
    public const ushort IFLA_VXLAN_UDP_ZERO_CSUM6_TX = 19;

    /// <summary>u8: accept IPv6 datagrams with a zero UDP checksum (udp6zerocsumrx).</summary>
    public const ushort IFLA_VXLAN_UDP_ZERO_CSUM6_RX = 20;
}
