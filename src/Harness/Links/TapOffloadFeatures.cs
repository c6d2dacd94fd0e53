namespace Vnetconf.Links;

/// <summary>
/// The TAP's ethtool features that TUNSETOFFLOAD sets (drivers/net/tun.c: set_offload): TUN_F_CSUM → NETIF_F_HW_CSUM,
/// TSO4 → NETIF_F_TSO, TSO6 → NETIF_F_TSO6, TSO_ECN → NETIF_F_TSO_ECN, USO4|USO6 → NETIF_F_GSO_UDP_L4, and since Linux
/// 6.17 UDP_TUNNEL_GSO → NETIF_F_GSO_UDP_TUNNEL, UDP_TUNNEL_GSO_CSUM → NETIF_F_GSO_UDP_TUNNEL_CSUM (only beside a TSO or
/// USO flag). UFO has no feature of its own. The names are ethtool's (net/ethtool/common.c: netdev_features_strings),
/// which every kernel the suite runs knows, so an older TAP shows the tunnel ones off rather than missing.
/// </summary>
public static class TapOffloadFeatures
{
    public const string Checksum = "tx-checksum-ip-generic";
    public const string Tso4 = "tx-tcp-segmentation";
    public const string Tso6 = "tx-tcp6-segmentation";
    public const string TsoEcn = "tx-tcp-ecn-segmentation";
    public const string Uso = "tx-udp-segmentation";
    public const string UdpTunnel = "tx-udp_tnl-segmentation";
    public const string UdpTunnelCsum = "tx-udp_tnl-csum-segmentation";

    /// <summary>The TCP ones every QEMU since virtio-net's start sets for a guest with GUEST_CSUM/TSO4/TSO6/ECN.</summary>
    public static readonly string[] Tcp = [Checksum, Tso4, Tso6, TsoEcn];

    public static readonly string[] All = [.. Tcp, Uso, UdpTunnel, UdpTunnelCsum];
}
