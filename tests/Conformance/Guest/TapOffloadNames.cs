namespace Vnetconf.Conformance.Guest;

/// <summary>
/// The TAP's ethtool features that TUNSETOFFLOAD sets (drivers/net/tun.c: set_offload): TUN_F_CSUM → NETIF_F_HW_CSUM,
/// TSO4 → NETIF_F_TSO, TSO6 → NETIF_F_TSO6, TSO_ECN → NETIF_F_TSO_ECN. UFO has no feature of its own.
/// </summary>
public static class TapOffloadNames
{
    public const string Checksum = "tx-checksum-ip-generic";
    public const string Tso4 = "tx-tcp-segmentation";
    public const string Tso6 = "tx-tcp6-segmentation";
    public const string TsoEcn = "tx-tcp-ecn-segmentation";

    public static readonly string[] All = [Checksum, Tso4, Tso6, TsoEcn];
}
