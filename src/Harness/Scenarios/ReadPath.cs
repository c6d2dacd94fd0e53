using Vnetconf.Interop;
using Vnetconf.Links;
using Vnetconf.Model;
using Vnetconf.Packets;

namespace Vnetconf.Scenarios;

/// <summary>What the host stack sends toward the guest on the read path.</summary>
internal enum ReadTraffic
{
    /// <summary>One 200-byte UDP datagram.</summary>
    UdpDatagram,

    /// <summary>64 KiB over a TCP connection the kernel opened to the guest.</summary>
    TcpBulk,

    /// <summary>One 3000-byte send with UDP_SEGMENT 1000 (UDP GSO).</summary>
    UdpSegment,

    /// <summary>That send to the guest's inner address through a VXLAN link of the stack with no outer UDP checksums.</summary>
    VxlanUdpSegment,

    /// <summary>The same through a VXLAN link that fills the outer UDP checksum (SKB_GSO_UDP_TUNNEL_CSUM).</summary>
    VxlanCsumUdpSegment,
}

/// <summary>A cell of the read-path matrix: the host kernel sends, the harness reads the TAP as the guest would.</summary>
internal sealed record ReadPathScenario(TapOptions Tap, ReadTraffic Traffic, IpFamily Family)
{
    public string Id => $"host.read.{(Tap.VnetHeader ? "vnet" : "novnet")}.{Slug(Tap.Offloads)}.{Traffic.ToString().ToLowerInvariant()}.{Family.ToString().ToLowerInvariant()}";

    public override string ToString() => $"{Tap}, {Traffic}, {Family}";

    private static string Slug(TunOffloads offloads) =>
        offloads == TunOffloads.None ? "nooffload" : TunOffloadRules.Describe(offloads).Replace('|', '+').ToLowerInvariant();
}

/// <summary>The read-path matrix and what each cell is expected to show, with the kernel code that decides it.</summary>
internal static class ReadPathCatalogue
{
    public const int UdpPayload = 200;
    public const int TcpBytes = 64 * 1024;
    public const int SegmentedBytes = 3000;
    public const int SegmentSize = 1000;

    private const string UdpGsoSend = "net/ipv4/udp.c, net/ipv6/udp.c: udp_send_skb / udp_v6_send_skb";

    public static readonly TunOffloads[] OffloadSets =
    [
        TunOffloads.None,
        TunOffloads.TUN_F_CSUM,
        TunOffloads.TUN_F_CSUM | TunOffloads.TUN_F_TSO4,
        TunOffloads.TUN_F_CSUM | TunOffloads.TUN_F_TSO4 | TunOffloads.TUN_F_TSO6 | TunOffloads.TUN_F_USO4 | TunOffloads.TUN_F_USO6,
    ];

    private static readonly TunOffloads UsoSet = TunOffloads.TUN_F_CSUM | TunOffloads.TUN_F_USO4 | TunOffloads.TUN_F_USO6;

    /// <summary>What a tunnel cell's TAP is offered: USO alone, with UDP-tunnel GSO, and with its outer-checksum variant too (QEMU 10.2's full set).</summary>
    public static readonly TunOffloads[] TunnelOffloadSets =
    [
        UsoSet,
        UsoSet | TunOffloads.TUN_F_UDP_TUNNEL_GSO,
        UsoSet | TunOffloads.TUN_F_UDP_TUNNEL_GSO | TunOffloads.TUN_F_UDP_TUNNEL_GSO_CSUM,
    ];

    private static readonly ReadTraffic[] TunnelTraffic = [ReadTraffic.VxlanUdpSegment, ReadTraffic.VxlanCsumUdpSegment];

    public static IEnumerable<ReadPathScenario> All(KernelVersion kernel) =>
        (from vnet in new[] { true, false }
         from offloads in OffloadSets
         where TunOffloadRules.Accepts(offloads, kernel).Value // USO sets only where the kernel has USO
         from traffic in Enum.GetValues<ReadTraffic>().Except(TunnelTraffic)
         from family in Enum.GetValues<IpFamily>()
         select new ReadPathScenario(new TapOptions(vnet, VirtioNetHeader.LegacySize, offloads), traffic, family))
        .Concat(
            // The tunnel cells read the 24-byte header that has room for the tunnel offsets, as QEMU's TAP does for a guest that
            // negotiated UDP-tunnel GSO; their offload sets run where the kernel takes them.
            from offloads in TunnelOffloadSets
            where TunOffloadRules.Accepts(offloads, kernel).Value
            from traffic in TunnelTraffic
            from family in Enum.GetValues<IpFamily>()
            select new ReadPathScenario(new TapOptions(true, VirtioNetHeader.TunnelSize, offloads), traffic, family));

    public static Expectation Expect(ReadPathScenario s, KernelVersion kernel)
    {
        var vnet = s.Tap.VnetHeader;
        var offloads = s.Tap.Offloads;
        var e = new Expectation();
        if (TunnelTraffic.Contains(s.Traffic)) return ExpectTunnel(e, s, kernel);
        if (s.Traffic == ReadTraffic.UdpSegment && !offloads.HasFlag(TunOffloads.TUN_F_CSUM))
        {
            var change = KernelChanges.UdpGsoWithoutChecksumOffload;
            if (!change.IsIn(kernel))
            {
                const string refused = "the send was refused, so no frame reaches the tap";
                e.Add(FrameAspects.SocketSend, FrameAspects.Rejected("EIO"),
                    "a UDP_SEGMENT send needs CHECKSUM_PARTIAL, which a device without checksum offload cannot take", UdpGsoSend, change.SideOf(kernel));
                foreach (var aspect in new[] { FrameAspects.Header, FrameAspects.Checksum, FrameAspects.Segmentation })
                    e.Add(aspect, FrameAspects.NoFrames, refused, UdpGsoSend, change.SideOf(kernel));
                return e;
            }
            e.Add(FrameAspects.SocketSend, FrameAspects.Accepted,
                "a UDP_SEGMENT send to a device without checksum offload is segmented and checksummed in software", UdpGsoSend, change.SideOf(kernel));
        }

        e.Add(FrameAspects.Header, FrameAspects.HeaderLength(vnet ? s.Tap.HeaderSize : 0),
            vnet ? "the reader asked for a header with IFF_VNET_HDR" : "no IFF_VNET_HDR: frames start at the Ethernet header",
            "drivers/net/tun.c: tun_put_user");

        var header = vnet ? new VirtioNetHeader() : (VirtioNetHeader?)null;
        var l4Start = EthernetHeader.Size + (s.Family == IpFamily.IPv4 ? IPv4Header.Size : IPv6Header.Size);
        var csumOffset = s.Traffic == ReadTraffic.TcpBulk ? TcpHeader.ChecksumOffset : UdpHeader.ChecksumOffset;
        if (offloads.HasFlag(TunOffloads.TUN_F_CSUM))
        {
            var partialHeader = header is null ? null : (VirtioNetHeader?)new VirtioNetHeader { Flags = VirtioNetHeaderFlags.NeedsCsum, CsumStart = (ushort)l4Start, CsumOffset = (ushort)csumOffset };
            e.Add(FrameAspects.Checksum, FrameAspects.ChecksumWords(ChecksumState.Partial, partialHeader),
                vnet ? "TUN_F_CSUM gives the tap NETIF_F_HW_CSUM, so CHECKSUM_PARTIAL skbs pass unfinished and the header says where to finish them"
                     : "HAZARD: TUN_F_CSUM without IFF_VNET_HDR still passes CHECKSUM_PARTIAL skbs unfinished, and no header says so",
                "tun.c: set_offload; net/core/dev.c: validate_xmit_skb; include/linux/virtio_net.h: virtio_net_hdr_from_skb");
        }
        else
        {
            e.Add(FrameAspects.Checksum, FrameAspects.ChecksumWords(ChecksumState.CompleteValid, header),
                "without TUN_F_CSUM the tap lacks NETIF_F_HW_CSUM, so the stack finishes the checksum before the tap",
                "net/core/dev.c: validate_xmit_skb → skb_csum_hwoffload_help → skb_checksum_help");
        }

        switch (s.Traffic)
        {
            case ReadTraffic.UdpDatagram:
                e.Add(FrameAspects.Segmentation, FrameAspects.Frames(1, UdpPayload),
                    "a small datagram is one frame", "net/ipv4/udp.c: udp_send_skb");
                break;
            case ReadTraffic.TcpBulk:
                var tso = offloads.HasFlag(s.Family == IpFamily.IPv4 ? TunOffloads.TUN_F_TSO4 : TunOffloads.TUN_F_TSO6);
                var gsoType = s.Family == IpFamily.IPv4 ? VirtioGsoType.TcpV4 : VirtioGsoType.TcpV6;
                e.Add(FrameAspects.Segmentation,
                    !tso ? $"frames of at most {FrameAspects.MtuFrame} B"
                    : vnet ? $"super-frames: {FrameAspects.Gso(gsoType, LabAddresses.Mss(s.Family))}"
                    : $"frames over {FrameAspects.MtuFrame} B with no GSO header",
                    !tso ? "the tap lacks NETIF_F_TSO/TSO6 for this family, so GSO skbs are segmented in software first"
                    : vnet ? "with TSO the tap takes GSO skbs whole and the header carries gso_type and gso_size (the announced MSS)"
                    : "HAZARD: TSO set without IFF_VNET_HDR passes super-frames larger than the MTU with nothing to say how to cut them",
                    "tun.c: set_offload, tun_net_fix_features; net/core/dev.c: validate_xmit_skb → skb_gso_segment");
                e.Add(FrameAspects.Delivery, FrameAspects.StreamDelivery(TcpBytes, TcpBytes), "every byte the application wrote reaches the reader", "net/ipv4/tcp_output.c");
                break;
            case ReadTraffic.UdpSegment:
                var uso = offloads.HasFlag(TunOffloads.TUN_F_USO4 | TunOffloads.TUN_F_USO6);
                var segmentHeader = vnet ? new VirtioNetHeader { GsoType = VirtioGsoType.UdpL4, GsoSize = SegmentSize } : (VirtioNetHeader?)null;
                e.Add(FrameAspects.Segmentation,
                    uso ? FrameAspects.Frames(1, SegmentedBytes, segmentHeader) : FrameAspects.SoftwareSegments(SegmentedBytes, SegmentSize),
                    uso ? vnet ? "with USO4|USO6 the tap has NETIF_F_GSO_UDP_L4 and takes the UDP GSO skb whole"
                               : "HAZARD: USO without IFF_VNET_HDR passes one oversized datagram with nothing to say how to cut it"
                        : "without USO the stack segments the UDP_SEGMENT send into gso_size datagrams before the tap",
                    "tun.c: set_offload (USO since 6.2); net/ipv4/udp_offload.c: __udp_gso_segment");
                break;
        }
        return e;
    }

    /// <summary>
    /// A tunnel cell: the stack's VXLAN link encapsulates the UDP GSO skb (SKB_GSO_UDP_TUNNEL, or _CSUM with outer checksums)
    /// and sends it to tap0. The TAP takes it whole when its features have UDP GSO and the tunnel's GSO type (the tunnel bit
    /// from TUN_F_UDP_TUNNEL_GSO, its CSUM variant only from TUN_F_UDP_TUNNEL_GSO_CSUM; Linux 6.17+), and the 24-byte header
    /// then carries the tunnel bits and offsets; else the stack segments it first, each segment a whole VXLAN packet. From
    /// 6.17 the inner checksum stays partial either way; before, an encapsulated skb could offload nothing to a TAP.
    /// </summary>
    private static Expectation ExpectTunnel(Expectation e, ReadPathScenario s, KernelVersion kernel)
    {
        var side = KernelChanges.UdpTunnelGso.SideOf(kernel);
        var features = TunOffloadRules.Features(s.Tap.Offloads, kernel);
        var outerChecksum = s.Traffic == ReadTraffic.VxlanCsumUdpSegment;
        var tunnelFeature = outerChecksum ? TapOffloadFeatures.UdpTunnelCsum : TapOffloadFeatures.UdpTunnel;
        var whole = features.Contains(TapOffloadFeatures.Uso) && features.Contains(tunnelFeature);
        const string tapFeatures = "tun.c: set_offload, tun_net_init (hw_enc_features); net/core/dev.c: validate_xmit_skb → skb_gso_segment → skb_udp_tunnel_segment";

        e.Add(FrameAspects.Header, FrameAspects.HeaderLength(s.Tap.HeaderSize), "the reader asked for a header with IFF_VNET_HDR", "drivers/net/tun.c: tun_put_user");
        var tunnelBit = s.Family == IpFamily.IPv4 ? VirtioNetHeader.GsoUdpTunnelIPv4Bit : VirtioNetHeader.GsoUdpTunnelIPv6Bit;
        e.Add(FrameAspects.Segmentation,
            whole ? FrameAspects.Frames(1, SegmentedBytes, new VirtioNetHeader { GsoType = (VirtioGsoType)(tunnelBit | (byte)VirtioGsoType.UdpL4), GsoSize = SegmentSize })
                  : FrameAspects.SoftwareSegments(SegmentedBytes, SegmentSize),
            whole ? $"the tap has tx-udp-segmentation and {tunnelFeature}, so it takes the tunnel GSO skb whole and the header names the tunnel and the inner type"
                  : $"the tap lacks {tunnelFeature}, so the stack segments the tunnel GSO skb before the tap, each segment a whole VXLAN packet",
            tapFeatures, side);
        e.Add(FrameAspects.Tunnel,
            whole ? FrameAspects.TunnelWords(new VirtioNetHeader
            {
                OuterThOffset = (ushort)TunnelFrameOffsets.OuterL4(s.Family),
                InnerNhOffset = (ushort)TunnelFrameOffsets.InnerNetwork(s.Family),
                Flags = outerChecksum ? VirtioNetHeaderFlags.UdpTunnelCsum : VirtioNetHeaderFlags.None,
            }) : FrameAspects.TunnelWords(new VirtioNetHeader()),
            whole ? "virtio_net_hdr_tnl_from_skb writes where the outer UDP and the inner IP headers start, and flags an outer checksum"
                  : "a segment is no tunnel GSO skb: its header carries no tunnel offsets",
            "include/linux/virtio_net.h: virtio_net_hdr_tnl_from_skb", side);
        var encapsulated = TunOffloadRules.KeepsEncapsulatedOffloads(kernel);
        if (encapsulated.Value)
            e.Add(FrameAspects.Checksum,
                FrameAspects.InnerUdpPartialWords(s.Family),
                $"TUN_F_CSUM gives the tap NETIF_F_HW_CSUM, and {encapsulated.Reason}: the inner checksum stays partial and csum_start points at the inner UDP header",
                $"{encapsulated.Source}; include/linux/virtio_net.h: virtio_net_hdr_from_skb", encapsulated.HoldsFor);
        else
            e.Add(FrameAspects.Checksum,
                FrameAspects.ChecksumWords(ChecksumState.CompleteValid, outerChecksum
                    ? new VirtioNetHeader { Flags = VirtioNetHeaderFlags.NeedsCsum, CsumStart = (ushort)TunnelFrameOffsets.OuterL4(s.Family), CsumOffset = UdpHeader.ChecksumOffset }
                    : new VirtioNetHeader()),
                $"{encapsulated.Reason}: the stack completes the inner checksum" +
                (outerChecksum ? ", and the outer UDP checksum, outside the encapsulation, is what stays partial (NEEDS_CSUM at the outer UDP header)" : ""),
                $"{encapsulated.Source} → skb_csum_hwoffload_help", encapsulated.HoldsFor);
        return e;
    }
}
