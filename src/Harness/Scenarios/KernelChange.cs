using Vnetconf.Model;

namespace Vnetconf.Scenarios;

/// <summary>
/// An upstream kernel change after which a documented behaviour differs. The catalogue documents both sides and judges a
/// kernel by the side its version is on, so an older kernel's legitimate behaviour is "as documented for" it, not a
/// deviation, and a change no entry documents still is one.
/// </summary>
/// <param name="Since">the first mainline release that has the change</param>
/// <param name="Commit">the upstream commit, abbreviated, and its subject: where a reader checks the claim</param>
/// <param name="Backports">the first release of each older stable series that took the change (a stable kernel is
/// judged by its own series: 6.1.192 may have what mainline got in 6.10)</param>
public sealed record KernelChange(KernelVersion Since, string Commit, params KernelVersion[] Backports)
{
    public bool IsIn(KernelVersion kernel) =>
        kernel >= Since || Backports.Any(b => b.Major == kernel.Major && b.Minor == kernel.Minor && kernel >= b);

    /// <summary>The versions the side <paramref name="kernel"/> is on holds for, in the words every report uses.</summary>
    public string SideOf(KernelVersion kernel)
    {
        var stable = string.Concat(Backports.Select(b => $", {b}+"));
        var withoutIt = string.Concat(Backports.Select(b => $", {b.MajorMinor}.y before {b}"));
        return IsIn(kernel) ? $"Linux ≥ {Since.MajorMinor}{stable} ({Commit})" : $"Linux < {Since.MajorMinor}{withoutIt} (before {Commit})";
    }
}

/// <summary>The kernel changes the catalogue's expectations are keyed by, each stated once.</summary>
public static class KernelChanges
{
    /// <summary>
    /// The USO series (Linux 6.2): tun accepts TUN_F_USO4|USO6, virtio_net_hdr_to_skb accepts VIRTIO_NET_HDR_GSO_UDP_L4 from
    /// a TAP (before, EINVAL), and the guest's virtio_net knows GUEST_USO4/6 and HOST_USO.
    /// </summary>
    public static readonly KernelChange Uso = new(new(6, 2, 0),
        "860b7f27b8f7 \"linux/virtio_net.h: Support USO offload in vnet header\" and its series");

    /// <summary>
    /// tun's TUN_FEATURES includes IFF_NO_CARRIER, so TUNGETFEATURES reports it and TUNSETIFF can create a device without
    /// carrier (Linux 6.0); before, the flag was unknown.
    /// </summary>
    public static readonly KernelChange TunNoCarrier = new(new(6, 0, 0), "\"tun: support not enabling carrier in TUNSETIFF\"");

    /// <summary>
    /// inet_rtm_newaddr and its helpers say in the extended ack why an IPv4 address request is refused, e.g. "ipv4: Address
    /// already assigned" (Linux 6.6, posted to net-next in August 2023); before, the errno came alone.
    /// </summary>
    public static readonly KernelChange Ipv4AddressExtack = new(new(6, 6, 0), "\"IPv4: add extack info for IPv4 address add/delete\"");

    /// <summary>
    /// NETIF_F_GSO_SOFTWARE includes NETIF_F_GSO_UDP_L4 (Linux 5.11), so a veth, whose features are the software ones, has
    /// tx-udp-segmentation on by default; before, it had none.
    /// </summary>
    public static readonly KernelChange SoftwareUso = new(new(5, 11, 0),
        "2e4ef10f5850 \"net: add GSO UDP L4 and GSO fraglists to the list of software-backed types\"");

    /// <summary>
    /// virtio_net_hdr_to_skb refuses TCP GSO whose csum_offset is not the TCP check field (Linux 6.11, and 6.1.107 in its
    /// stable series; in 6.11 and 6.1.111 narrowed to NEEDS_CSUM headers by 6513eb3d3191); before, the write was accepted.
    /// </summary>
    public static readonly KernelChange TcpGsoChecksumOffset = new(new(6, 11, 0),
        "89add40066f9 \"net: drop bad gso csum_start and offset in virtio_net_hdr\"", new KernelVersion(6, 1, 107));

    /// <summary>
    /// A UDP_SEGMENT send out of a device without checksum offload is segmented and checksummed in software (Linux 6.11);
    /// before, udp_send_skb refused it with EIO because the skb could not stay CHECKSUM_PARTIAL.
    /// </summary>
    public static readonly KernelChange UdpGsoWithoutChecksumOffload = new(new(6, 11, 0),
        "10154dbded6d \"udp: Allow GSO transmit from devices with no checksum offload\"");

    /// <summary>
    /// netdev_fix_features turns tx-udp-segmentation off with checksum offload (Linux 6.11, a fix for the change above);
    /// before, a device kept USO with no checksum offload.
    /// </summary>
    public static readonly KernelChange UsoNeedsChecksumOffload = new(new(6, 11, 0), "2b2bc3bab158 \"net: Make USO depend on CSUM offload\"");

    /// <summary>
    /// virtio_net_hdr_to_skb refuses NEEDS_CSUM whose csum_start lies before the smallest network header the gso_type
    /// allows (20 bytes of IPv4, 40 for TCPV6), counted from the Ethernet header on a TAP (Linux 6.12); before, such a
    /// write was accepted and the frame lost later.
    /// </summary>
    public static readonly KernelChange CsumStartPastNetworkHeader = new(new(6, 12, 0),
        "49d14b54a527 \"net: test for not too small csum_start in virtio_net_hdr_to_skb()\"");

    /// <summary>
    /// tun_get_user measures hdr_len against the bytes after the parsed 10-byte virtio_net_hdr (Linux 6.15: tun_vnet_hdr_get,
    /// in the series that unified tun's and tap's vnet code, took tap's rule); before, against the bytes after the whole
    /// vnet_hdr_sz header, so an hdr_len reaching up to vnet_hdr_sz − 10 bytes past the frame was refused with EINVAL.
    /// </summary>
    public static readonly KernelChange TunHdrLenAfterParsedHeader = new(new(6, 15, 0), "2506251e81d1 \"tun: Decouple vnet handling\"");

    /// <summary>
    /// The UDP-tunnel GSO series (Linux 6.17): tun accepts TUN_F_UDP_TUNNEL_GSO/_CSUM (mapped to NETIF_F_GSO_UDP_TUNNEL/_CSUM)
    /// and parses the 24-byte virtio_net_hdr_v1_hash_tunnel; the guest's virtio_net knows VIRTIO_NET_F_*_UDP_TUNNEL_GSO(_CSUM),
    /// bits 65–68, which the same series' "virtio: introduce extended features" lets the core negotiate at all.
    /// </summary>
    public static readonly KernelChange UdpTunnelGso = new(new(6, 17, 0),
        "288f30435132 \"tun: enable gso over UDP tunnel support.\" and 56a06bd40fab \"virtio_net: enable gso over UDP tunnel support.\"");
}
