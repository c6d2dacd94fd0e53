using Vnetconf.Packets;
using static Vnetconf.Scenarios.HostileHeaderScenario;

namespace Vnetconf.Scenarios;

/// <summary>
/// Malformed and mismatched virtio-net headers on the TAP write path, each with its documented outcome. The
/// lab is the write path with the NIC's offloads on, and a far UDP socket on the flow's port.
/// </summary>
internal static class HostileHeaderCatalogue
{
    private const string GetUser = "drivers/net/tun.c: tun_get_user";
    internal const string HdrGet = "drivers/net/tun_vnet.h: tun_vnet_hdr_get";
    private const string ToSkb = "include/linux/virtio_net.h: virtio_net_hdr_to_skb";
    private const int Payload = 200;
    private const int GsoPayload = 3000;
    private const ushort GsoSize = 1000;

    // Declared before All: static initializers run in text order.
    private static readonly DropCounter UdpChecksumDrop = new(WritePathCatalogue.UdpChecksumCounter, 1,
        WritePathCatalogue.UdpChecksumDropReason, WritePathCatalogue.UdpChecksumDropSource);

    private static readonly DropCounter Nic0TxDropped = new($"{HostLab.NicName} tx_dropped", 1,
        "validate_xmit_skb frees a skb whose segmentation failed and counts it in the device's tx_dropped",
        "net/core/dev.c: validate_xmit_skb → dev_core_stats_tx_dropped_inc");

    public static IReadOnlyList<HostileHeaderScenario> All { get; } =
    [
        new("a-10-byte-header-with-a-complete-checksum-is-delivered--control-", "A 10-byte header with a complete checksum is delivered (control)",
            f => WithHeader(default, f.Udp(Payload, L4ChecksumMode.Complete).Frame), Delivered,
            "a well-formed frame crosses the bridge and the NIC to the far socket", GetUser),
        new("a-12-byte-header-on-a-tap-set-to-12-bytes-is-delivered--control-", "A 12-byte header on a TAP set to 12 bytes is delivered (control)",
            f => HostileFrames.Compose(default, 12, f.Udp(Payload, L4ChecksumMode.Complete).Frame), Delivered,
            "the header size matches TUNSETVNETHDRSZ", HdrGet, HeaderSize: 12),
        new("a-write-shorter-than-the-virtio-net-header-is-rejected", "A write shorter than the virtio-net header is rejected",
            _ => new byte[5], FrameAspects.Rejected("EINVAL"),
            "the write must hold at least vnet_hdr_sz bytes", HdrGet),
        new("a-header-with-no-frame-behind-it-is-rejected", "A header with no frame behind it is rejected",
            _ => new byte[VirtioNetHeader.LegacySize], FrameAspects.Rejected("EINVAL"),
            "a frame shorter than an Ethernet header is refused", GetUser),
        new("a-frame-shorter-than-an-ethernet-header-is-rejected", "A frame shorter than an Ethernet header is rejected",
            _ => new byte[VirtioNetHeader.LegacySize + 10], FrameAspects.Rejected("EINVAL"),
            "a frame shorter than an Ethernet header is refused", GetUser),
        new("hdr-len-beyond-the-end-of-the-frame-is-rejected", "hdr_len beyond the end of the frame is rejected",
            f => { var (frame, _) = f.Udp(Payload, L4ChecksumMode.Complete); return WithHeader(new VirtioNetHeader { HdrLen = (ushort)(frame.Length + 1) }, frame); },
            FrameAspects.Rejected("EINVAL"), "hdr_len may not exceed what was written", HdrGet),
        new("hdr-len-shorter-than-an-ethernet-header-is-rejected", "hdr_len shorter than an Ethernet header is rejected",
            f => WithHeader(new VirtioNetHeader { HdrLen = 10 }, f.Udp(Payload, L4ChecksumMode.Complete).Frame),
            FrameAspects.Rejected("EINVAL"), "a nonzero hdr_len below ETH_HLEN is refused", GetUser),
        new("needs-csum-whose-checksum-field-lies-past-the-frame-is-rejected", "NEEDS_CSUM whose checksum field lies past the frame is rejected",
            f => { var (frame, _) = f.Udp(Payload, L4ChecksumMode.Partial); return WithHeader(new VirtioNetHeader { Flags = VirtioNetHeaderFlags.NeedsCsum, CsumStart = (ushort)(frame.Length - 4), CsumOffset = 6 }, frame); },
            FrameAspects.Rejected("EINVAL"), "hdr_len is raised to csum_start + csum_offset + 2, which exceeds the frame", HdrGet),
        new("needs-csum-starting-inside-the-ethernet-header-is-rejected", "NEEDS_CSUM starting inside the Ethernet header is rejected",
            f => WithHeader(new VirtioNetHeader { Flags = VirtioNetHeaderFlags.NeedsCsum, CsumStart = 10, CsumOffset = 6 }, f.Udp(Payload, L4ChecksumMode.Partial).Frame),
            FrameAspects.Rejected("EINVAL"), "csum_start, counted from the Ethernet header, must leave room for an IPv4 header (20 bytes)", ToSkb,
            Before: new(KernelChanges.CsumStartPastNetworkHeader, Dropped,
                "accepted; when the far veth pulls the Ethernet header, the checksum start lies before the data, so the skb " +
                "becomes CHECKSUM_NONE and UDP verifies the unfinished sum and drops the datagram",
                "net/core/dev.c: __dev_forward_skb (__dev_forward_skb2 since 5.13); include/linux/skbuff.h: skb_postpull_rcsum; net/ipv4/udp.c: __udp4_lib_rcv", UdpChecksumDrop)),
        new("needs-csum-starting-inside-the-ip-header-is-accepted-and-delivered", "NEEDS_CSUM starting inside the IP header is accepted and delivered",
            f => WithHeader(new VirtioNetHeader { Flags = VirtioNetHeaderFlags.NeedsCsum, CsumStart = 20, CsumOffset = 6 }, f.Udp(Payload, L4ChecksumMode.Complete).Frame),
            Delivered, "the same check counts from the Ethernet header, so 20 passes; the far end trusts CHECKSUM_PARTIAL and never verifies it", ToSkb),
        new("a-bad-udp-checksum-without-flags-is-accepted-and-dropped-by-udp", "A bad UDP checksum without flags is accepted and dropped by UDP",
            f => WithHeader(default, f.Udp(Payload, L4ChecksumMode.Garbage(WritePathCatalogue.GarbageChecksum)).Frame),
            Dropped, "the far UDP layer verifies the checksum and drops the datagram", "net/ipv4/udp.c: __udp_lib_rcv → udp_lib_checksum_complete",
            Drop: UdpChecksumDrop),
        new("data-valid-does-not-vouch-for-a-bad-checksum-written-to-a-tap", "DATA_VALID does not vouch for a bad checksum written to a TAP",
            f => WithHeader(new VirtioNetHeader { Flags = VirtioNetHeaderFlags.DataValid }, f.Udp(Payload, L4ChecksumMode.Garbage(WritePathCatalogue.GarbageChecksum)).Frame),
            Dropped, "the write path ignores DATA_VALID (only a guest's receive path honours it), so UDP still verifies and drops", ToSkb,
            Drop: UdpChecksumDrop),
        new("tcpv4-gso-with-gso-size-0-is-rejected", "TCPV4 GSO with gso_size 0 is rejected",
            f => TcpGso(f, VirtioGsoType.TcpV4, 0), FrameAspects.Rejected("EINVAL"), "a GSO packet needs a segment size", ToSkb),
        new("an-undefined-gso-type-is-rejected", "An undefined gso_type is rejected",
            f => TcpGso(f, (VirtioGsoType)2, GsoSize), FrameAspects.Rejected("EINVAL"), "only TCPV4, UDP, TCPV6 and UDP_L4 are known", ToSkb),
        new("the-ecn-bit-without-a-gso-type-is-rejected", "The ECN bit without a GSO type is rejected",
            f => { var (frame, layout) = f.Tcp(GsoPayload, L4ChecksumMode.Partial); return WithHeader(layout.OffloadHeader() with { Ecn = true, GsoSize = GsoSize }, frame); },
            FrameAspects.Rejected("EINVAL"), "ECN qualifies a GSO type and means nothing alone", ToSkb),
        new("gso-size-0xffff--gso-by-frags--is-rejected", "gso_size 0xFFFF (GSO_BY_FRAGS) is rejected",
            f => TcpGso(f, VirtioGsoType.TcpV4, ushort.MaxValue), FrameAspects.Rejected("EINVAL"), "GSO_BY_FRAGS is internal to the kernel and refused from user space", ToSkb),
        new("tcpv4-gso-on-a-udp-frame-with-the-udp-checksum-offset-is-rejected", "TCPV4 GSO on a UDP frame with the UDP checksum offset is rejected",
            f => { var (frame, layout) = f.Udp(GsoPayload, L4ChecksumMode.Partial); return WithHeader(layout.OffloadHeader(VirtioGsoType.TcpV4, GsoSize), frame); },
            FrameAspects.Rejected("EINVAL"), "TCP GSO requires csum_offset to be the TCP check field (16)", ToSkb,
            Before: new(KernelChanges.TcpGsoChecksumOffset, Dropped,
                "accepted; the GSO skb is lost on its way out of nic0, where segmenting a TCP GSO skb that holds a UDP datagram fails",
                "net/ipv4/tcp_offload.c: tcp4_gso_segment; net/core/dev.c: validate_xmit_skb", Nic0TxDropped)),
        new("tcpv6-gso-on-an-ipv4-frame-is-rejected", "TCPV6 GSO on an IPv4 frame is rejected",
            f => TcpGso(f, VirtioGsoType.TcpV6, GsoSize), FrameAspects.Rejected("EINVAL"), "csum_start must leave room for an IPv6 header (40 bytes) for TCPV6", ToSkb,
            Before: new(KernelChanges.CsumStartPastNetworkHeader, Dropped,
                "accepted; the GSO skb is lost on its way out of nic0, where segmenting it for its IPv4 protocol fails on a TCPV6 gso_type",
                "net/ipv4/tcp_offload.c: tcp4_gso_segment; net/core/dev.c: validate_xmit_skb",
                Nic0TxDropped)),
        new("udp-l4-gso-without-needs-csum-is-rejected", "UDP_L4 GSO without NEEDS_CSUM is rejected",
            f => { var (frame, _) = f.Udp(GsoPayload, L4ChecksumMode.Complete); return WithHeader(new VirtioNetHeader { GsoType = VirtioGsoType.UdpL4, GsoSize = GsoSize }, frame); },
            FrameAspects.Rejected("EINVAL"), "UDP GSO requires a partial checksum", ToSkb),
        new("udp-l4-gso-with-the-tcp-checksum-offset-is-rejected", "UDP_L4 GSO with the TCP checksum offset is rejected",
            f => { var (frame, layout) = f.Udp(GsoPayload, L4ChecksumMode.Partial); return WithHeader(layout.OffloadHeader(VirtioGsoType.UdpL4, GsoSize) with { CsumOffset = 16 }, frame); },
            FrameAspects.Rejected("EINVAL"), "UDP GSO requires csum_offset to be the UDP check field (6)", ToSkb),
        new("legacy-ufo-is-accepted-and-the-datagram-delivered-whole", "Legacy UFO is accepted and the datagram delivered whole",
            f => { var (frame, layout) = f.Udp(GsoPayload, L4ChecksumMode.Partial); return WithHeader(layout.OffloadHeader(VirtioGsoType.Udp, GsoSize), frame); },
            Delivered, "VIRTIO_NET_HDR_GSO_UDP still maps to SKB_GSO_UDP; the NIC fragments it in IP, and the far end reassembles one datagram",
            "include/linux/virtio_net.h: virtio_net_hdr_to_skb; net/ipv4/udp_offload.c: udp4_ufo_fragment"),
        new("a-write-to-a-tap-that-is-down-fails-with-eio", "A write to a TAP that is down fails with EIO",
            f => WithHeader(default, f.Udp(Payload, L4ChecksumMode.Complete).Frame), FrameAspects.Rejected("EIO"),
            "a TAP that is not up takes no frames", GetUser, TapDown: true),
        new("a-64-kb-frame-without-gso-is-accepted-and-dropped-for-its-size", "A 64 KB frame without GSO is accepted and dropped for its size",
            f => WithHeader(default, f.Udp(60000, L4ChecksumMode.Complete).Frame), Dropped,
            "the bridge forwards only frames that fit the port's MTU", "net/bridge/br_forward.c: br_dev_queue_push_xmit → is_skb_forwardable",
            Drop: new("stack Ip.FragFails", 1,
                "br_netfilter's post-routing hook (CONFIG_BRIDGE_NETFILTER, registered when the bridge is) meets the IPv4 frame first: too big for nic0's MTU, " +
                "and DF forbids fragmenting it, so it is counted in the stack namespace's Ip.FragFails and freed; a kernel without br_netfilter frees it in " +
                "is_skb_forwardable without counting",
                "net/bridge/br_netfilter_hooks.c: br_nf_dev_queue_xmit → br_nf_ip_fragment (IPSTATS_MIB_FRAGFAILS)")),
        new("a-10-byte-header-on-a-tap-set-to-12-bytes-shifts-the-frame-and-it-is-lost", "A 10-byte header on a TAP set to 12 bytes shifts the frame and it is lost",
            f => HostileFrames.Compose(default, VirtioNetHeader.LegacySize, f.Udp(Payload, L4ChecksumMode.Complete).Frame), Dropped,
            "the kernel takes exactly vnet_hdr_sz bytes as header, so the Ethernet header is read 2 bytes late and names nobody", HdrGet, HeaderSize: 12,
            Drop: new("wire0 rx_dropped", 1,
                "the bridge floods the unknown destination out of nic0; the far kernel has no handler for the EtherType it reads (the IP header's " +
                "first two bytes, 0x4500) and counts the frame dropped on wire0",
                "net/core/dev.c: __netif_receive_skb_core → dev_core_stats_rx_dropped_inc")),
        new("a-12-byte-header-on-a-tap-set-to-10-bytes-shifts-the-frame-and-it-is-lost", "A 12-byte header on a TAP set to 10 bytes shifts the frame and it is lost",
            f => HostileFrames.Compose(default, VirtioNetHeader.MergeableSize, f.Udp(Payload, L4ChecksumMode.Complete).Frame), Dropped,
            "the kernel takes exactly vnet_hdr_sz bytes as header, so num_buffers is read as the start of the Ethernet header", HdrGet,
            Drop: new("wire0 rx_dropped", 0,
                "the bridge floods the unknown destination out of nic0; the far kernel reads 0x0001 as an 802.3 length, hands the frame to LLC " +
                "(so dev.c does not count it), and LLC frees a frame for another host without counting: no lab counter moves",
                "net/llc/llc_input.c: llc_rcv (PACKET_OTHERHOST → drop)")),
    ];

    private static byte[] WithHeader(in VirtioNetHeader header, byte[] frame) =>
        HostileFrames.Compose(header, VirtioNetHeader.LegacySize, frame);

    private static byte[] TcpGso(HostileFrames f, VirtioGsoType type, ushort gsoSize)
    {
        var (frame, layout) = f.Tcp(GsoPayload, L4ChecksumMode.Partial);
        return WithHeader(layout.OffloadHeader(type, gsoSize), frame);
    }
}
