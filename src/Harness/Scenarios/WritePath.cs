using Vnetconf.Model;

using Vnetconf.Packets;

namespace Vnetconf.Scenarios;

/// <summary>What the guest writes into the TAP on the write path.</summary>
internal enum WriteFrameKind
{
    /// <summary>A 200-byte UDP datagram with NEEDS_CSUM and the correct pseudo-header sum in its check field.</summary>
    UdpNeedsCsum,

    /// <summary>The same with garbage in the check field: what does the far end accept?</summary>
    UdpNeedsCsumGarbage,

    /// <summary>40000 bytes as one TCP GSO super-frame (TCPV4/TCPV6, gso_size = MSS) on a real connection.</summary>
    TcpGso,

    /// <summary>3000 bytes as one UDP GSO super-frame (UDP_L4, gso_size 1000).</summary>
    UdpL4Gso,

    /// <summary>
    /// The same 3000 bytes inside a VXLAN tunnel of the cell's family (outer and inner), as one UDP-tunnel GSO super-frame
    /// (UDP_TUNNEL_IPV4|UDP_L4 or _IPV6, gso_size 1000) behind the 24-byte header that carries the tunnel offsets.
    /// </summary>
    VxlanUdpL4Gso,

    /// <summary>That super-frame's header cut to the 12 bytes of a TAP whose header size has no room for the tunnel offsets.</summary>
    VxlanUdpL4GsoHeader12,
}

/// <summary>A cell of the write-path matrix: the guest writes into the TAP, the frame crosses the bridge and the NIC.</summary>
internal sealed record WritePathScenario(WriteFrameKind Kind, IpFamily Family, NicOptions Nic)
{
    /// <summary>TUNSETVNETHDRSZ for the cell: the tunnel header where the cell sends through a tunnel, else the legacy size.</summary>
    public int TapHeaderSize => Kind switch
    {
        WriteFrameKind.VxlanUdpL4Gso => VirtioNetHeader.TunnelSize,
        WriteFrameKind.VxlanUdpL4GsoHeader12 => VirtioNetHeader.MergeableSize,
        _ => VirtioNetHeader.LegacySize,
    };

    public bool Tunnelled => Kind is WriteFrameKind.VxlanUdpL4Gso or WriteFrameKind.VxlanUdpL4GsoHeader12;

    public string Id => $"host.write.{Kind.ToString().ToLowerInvariant()}.{Family.ToString().ToLowerInvariant()}.csum-{(Nic.TxChecksumming ? "on" : "off")}.tso-{(Nic.Tso ? "on" : "off")}";

    public override string ToString() => $"{Kind}, {Family}, {Nic}";
}

/// <summary>The write-path matrix and its documented behaviour.</summary>
internal static class WritePathCatalogue
{
    public const int UdpPayload = 200;
    public const int TcpBytes = 40000;
    public const int SegmentedBytes = 3000;
    public const int SegmentSize = 1000;

    /// <summary>Never equal to the pseudo-header sum or the complete checksum of the frames built here.</summary>
    public const ushort GarbageChecksum = 0xBAD0;

    public static IEnumerable<WritePathScenario> All() =>
        from kind in Enum.GetValues<WriteFrameKind>()
        from family in Enum.GetValues<IpFamily>()
        from csum in new[] { true, false }
        from tso in new[] { true, false }
        select new WritePathScenario(kind, family, new NicOptions(csum, tso));

    private const string VethKeeps = "drivers/net/veth.c: veth_xmit forwards the skb as it is (ip_summed and GSO kept)";
    private const string SoftwareFixup = "net/core/dev.c: validate_xmit_skb → skb_gso_segment / skb_csum_hwoffload_help → skb_checksum_help at the NIC";

    /// <summary>
    /// For a single datagram (<see cref="WriteFrameKind.UdpNeedsCsum"/>, <see cref="WriteFrameKind.UdpNeedsCsumGarbage"/>): the
    /// counter that proves whether the far end dropped it for its checksum, +1 exactly when the NIC finished a garbage
    /// checksum (so the far end verifies a wrong one), +0 when the checksum was right or trusted unverified. Null otherwise.
    /// </summary>
    public static DropCounter? ChecksumCounter(WritePathScenario s, KernelVersion kernel)
    {
        if (s.Kind is not (WriteFrameKind.UdpNeedsCsum or WriteFrameKind.UdpNeedsCsumGarbage)) return null;
        var verifiedWrong = s.Kind == WriteFrameKind.UdpNeedsCsumGarbage && !NicState.ExpectedFor(s.Nic, kernel).Value.TxChecksum;
        return new DropCounter(UdpChecksumCounter, verifiedWrong ? 1 : 0,
            verifiedWrong ? UdpChecksumDropReason
                          : "a right checksum verifies, and a CHECKSUM_PARTIAL one is trusted without being verified: nothing is counted",
            UdpChecksumDropSource);
    }

    /// <summary>
    /// Where a datagram whose checksum does not verify is dropped and counted, for the write path and the hostile catalogue
    /// alike. For IPv6 too it is Udp.InCsumErrors, not Udp6.InCsumErrors: the socket-side check is shared by both
    /// families and counts with __UDP_INC_STATS, the IPv4 MIB.
    /// </summary>
    public const string UdpChecksumCounter = $"{LabCounters.FarPrefix} Udp.InCsumErrors";

    public const string UdpChecksumDropReason =
        "the datagram reaches the far socket's queue unverified; the socket verifies it when polled or read, counts it in the " +
        "IPv4 UDP MIB (for an IPv6 socket too) and frees it";

    public const string UdpChecksumDropSource = "net/ipv4/udp.c: udp_poll → first_packet_length → __first_packet_length (UDP_MIB_CSUMERRORS)";

    /// <summary>
    /// The documented behaviour of <paramref name="s"/> on <paramref name="kernel"/>: the NIC's offloads follow from what
    /// ethtool was asked (<see cref="NicState.ExpectedFor"/>), and what crosses the NIC follows from those.
    /// </summary>
    public static Expectation Expect(WritePathScenario s, KernelVersion kernel)
    {
        var e = new Expectation();
        var expectedNic = NicState.ExpectedFor(s.Nic, kernel);
        var nic = expectedNic.Value;
        e.Add(FrameAspects.NicOffloads, nic.ToString(), expectedNic.Reason, expectedNic.Source, expectedNic.HoldsFor);
        if (s.Kind == WriteFrameKind.UdpL4Gso && !KernelChanges.Uso.IsIn(kernel))
            return RefusedUdpL4Gso(e, kernel);
        if (s.Tunnelled)
            return ExpectTunnel(e, s, nic, kernel);
        var l4Start = EthernetHeader.Size + (s.Family == IpFamily.IPv4 ? IPv4Header.Size : IPv6Header.Size);
        var csumOffset = s.Kind == WriteFrameKind.TcpGso ? TcpHeader.ChecksumOffset : UdpHeader.ChecksumOffset;
        var needsCsum = new VirtioNetHeader { Flags = VirtioNetHeaderFlags.NeedsCsum, CsumStart = (ushort)l4Start, CsumOffset = (ushort)csumOffset };
        var garbage = s.Kind == WriteFrameKind.UdpNeedsCsumGarbage;

        if (nic.TxChecksum)
            e.Add(FrameAspects.Checksum, FrameAspects.ChecksumWords(garbage ? ChecksumState.Invalid : ChecksumState.Partial, needsCsum),
                "the NIC has tx-checksumming, so CHECKSUM_PARTIAL crosses it unfinished and the far end's AF_PACKET reports NEEDS_CSUM" +
                (garbage ? "; the garbage stays in the check field" : ""),
                VethKeeps);
        else
            e.Add(FrameAspects.Checksum, FrameAspects.ChecksumWords(garbage ? ChecksumState.Invalid : ChecksumState.CompleteValid, new VirtioNetHeader()),
                garbage ? "without tx-checksumming the NIC finishes the checksum, summing the garbage with the data: the result is wrong"
                        : "without tx-checksumming the NIC finishes the checksum in software",
                SoftwareFixup);

        FrameAspects.ExpectAuxData(e, partial: nic.TxChecksum);

        switch (s.Kind)
        {
            case WriteFrameKind.UdpNeedsCsum:
            case WriteFrameKind.UdpNeedsCsumGarbage:
                e.Add(FrameAspects.Segmentation, FrameAspects.Frames(1, UdpPayload), "a small datagram stays one frame", VethKeeps);
                var accepted = !garbage || nic.TxChecksum;
                e.Add(FrameAspects.Delivery, accepted ? FrameAspects.DatagramDelivery(1, UdpPayload) : FrameAspects.DatagramDelivery(0, 0),
                    !garbage ? "the checksum is partial-and-trusted or complete-and-valid"
                    : accepted ? "HAZARD: a CHECKSUM_PARTIAL skb is trusted by the receiver, so the garbage checksum is never checked"
                    : "the completed checksum is wrong, so UDP drops it",
                    "include/linux/skbuff.h: skb_csum_unnecessary; net/ipv4/udp.c: udp_rcv → __udp_lib_rcv");
                var drop = ChecksumCounter(s, kernel)!;
                e.Add(DropAspects.Counter, drop.Expected, drop.Reason, drop.Source);
                break;

            case WriteFrameKind.TcpGso:
                var mss = LabAddresses.Mss(s.Family);
                var type = s.Family == IpFamily.IPv4 ? VirtioGsoType.TcpV4 : VirtioGsoType.TcpV6;
                var whole = nic.Tso(s.Family);
                e.Add(FrameAspects.Segmentation,
                    whole ? FrameAspects.Frames(1, TcpBytes, new VirtioNetHeader { GsoType = type, GsoSize = mss }) : FrameAspects.SoftwareSegments(TcpBytes, mss),
                    whole ? "the NIC has TSO for this family, so the GSO skb crosses it whole (segmentation deferred past the NIC)"
                          : "the NIC lacks TSO (or lost it with tx-checksumming), so the skb is segmented in software at the NIC",
                    whole ? VethKeeps : SoftwareFixup);
                e.Add(FrameAspects.Delivery, FrameAspects.StreamDelivery(TcpBytes, TcpBytes), "the far TCP socket receives every byte", "net/ipv4/tcp_input.c");
                break;

            case WriteFrameKind.UdpL4Gso:
                e.Add(FrameAspects.TapWrite, FrameAspects.Accepted, "virtio_net_hdr_to_skb maps VIRTIO_NET_HDR_GSO_UDP_L4 to SKB_GSO_UDP_L4",
                    UdpL4FromTap, KernelChanges.Uso.SideOf(kernel));
                var uso = nic.Uso;
                e.Add(FrameAspects.Segmentation,
                    uso ? FrameAspects.Frames(1, SegmentedBytes, new VirtioNetHeader { GsoType = VirtioGsoType.UdpL4, GsoSize = SegmentSize }) : FrameAspects.SoftwareSegments(SegmentedBytes, SegmentSize),
                    uso ? "the NIC has tx-udp-segmentation, so the UDP GSO skb crosses it whole" : "the NIC lacks tx-udp-segmentation, so the skb is segmented in software at the NIC",
                    uso ? VethKeeps : SoftwareFixup);
                e.Add(FrameAspects.Delivery, FrameAspects.DatagramDelivery(SegmentedBytes / SegmentSize, SegmentedBytes),
                    "the receiving UDP socket splits a GSO skb into gso_size datagrams", "net/ipv4/udp.c: udp_unexpected_gso → udp_rcv_segment");
                break;
        }
        return e;
    }

    private const string UdpL4FromTap = "include/linux/virtio_net.h: virtio_net_hdr_to_skb";

    private const string TunnelFromTap = "drivers/net/tun_vnet.h: tun_vnet_hdr_guest_features → include/linux/virtio_net.h: virtio_net_hdr_tnl_to_skb";

    /// <summary>
    /// The tunnel cells: from Linux 6.17 tun takes UDP-tunnel GSO from a writer whose header size holds the tunnel offsets
    /// (it cannot know what the guest negotiated, so it goes by the size); the super-frame then crosses the bridge and the
    /// NIC whole when the NIC segments UDP (and UDP tunnels, a veth's default), else it is segmented there in software; the far
    /// VXLAN link decapsulates and the far socket splits the inner GSO skb into datagrams. Before 6.17, or with no room for the
    /// offsets, the tunnel bit makes the gso_type unknown and write() fails: the writer is told by the errno (no lab counter
    /// moves on 6.18 for a refused header, so none is claimed).
    /// </summary>
    private static Expectation ExpectTunnel(Expectation e, WritePathScenario s, NicState nic, KernelVersion kernel)
    {
        var side = KernelChanges.UdpTunnelGso.SideOf(kernel);
        var understood = KernelChanges.UdpTunnelGso.IsIn(kernel);
        if (!understood || s.Kind == WriteFrameKind.VxlanUdpL4GsoHeader12)
        {
            var why = !understood
                ? "before the UDP-tunnel series virtio_net_hdr_to_skb knows no gso_type with a tunnel bit and returns -EINVAL"
                : $"a {s.TapHeaderSize}-byte header has no room for the tunnel offsets, so tun allows the writer no UDP-tunnel GSO and virtio_net_hdr_tnl_to_skb returns -EINVAL";
            var source = understood ? TunnelFromTap : UdpL4FromTap;
            e.Add(FrameAspects.TapWrite, FrameAspects.Rejected("EINVAL"), why, source, side);
            const string nothing = "the write was refused, so no frame crosses the bridge";
            foreach (var aspect in new[] { FrameAspects.Checksum, FrameAspects.AuxData, FrameAspects.Segmentation })
                e.Add(aspect, FrameAspects.NoFrames, nothing, source, side);
            e.Add(FrameAspects.Delivery, FrameAspects.DatagramDelivery(0, 0), nothing, source, side);
            return e;
        }

        e.Add(FrameAspects.TapWrite, FrameAspects.Accepted,
            "a header of 24 bytes or more lets the writer use UDP-tunnel GSO; the offsets are ordered, NEEDS_CSUM is set and the inner type is UDP_L4",
            TunnelFromTap, side);
        var whole = nic.Uso;
        // AF_PACKET fills its 10-byte header with virtio_net_hdr_from_skb, which knows no tunnel: it names the inner type
        // and the inner checksum, so the capture is judged after the outer headers and the VXLAN header.
        e.Add(FrameAspects.Segmentation,
            whole ? FrameAspects.Frames(1, SegmentedBytes, new VirtioNetHeader { GsoType = VirtioGsoType.UdpL4, GsoSize = SegmentSize }) : FrameAspects.SoftwareSegments(SegmentedBytes, SegmentSize),
            whole ? "the NIC has tx-udp-segmentation and tx-udp_tnl-segmentation, so the tunnel GSO skb crosses it whole; AF_PACKET's header names the inner UDP_L4 (no tunnel bits in a 10-byte header)"
                  : "the NIC lacks tx-udp-segmentation (it went with tx-checksumming), so the tunnel skb is segmented in software at the NIC, each segment a whole VXLAN packet",
            whole ? VethKeeps : "net/core/dev.c: validate_xmit_skb → skb_gso_segment → net/ipv4/udp_offload.c: skb_udp_tunnel_segment", side);
        e.Add(FrameAspects.Checksum,
            whole ? FrameAspects.InnerUdpPartialWords(s.Family)
                  : FrameAspects.ChecksumWords(ChecksumState.CompleteValid, new VirtioNetHeader()),
            whole ? "the inner checksum stays partial across the NIC; csum_start points at the inner UDP header, as the writer's did"
                  : "without tx-checksumming the NIC finishes each inner segment's checksum in software",
            whole ? VethKeeps : SoftwareFixup, side);
        FrameAspects.ExpectAuxData(e, partial: whole, holdsFor: side);
        FrameAspects.ExpectTunnelDelivery(e, "the far", SegmentedBytes, SegmentSize, side);
        return e;
    }

    /// <summary>Before the USO series a UDP_L4 header is an unknown gso_type to virtio_net_hdr_to_skb: write() fails, nothing crosses.</summary>
    private static Expectation RefusedUdpL4Gso(Expectation e, KernelVersion kernel)
    {
        var before = KernelChanges.Uso.SideOf(kernel);
        e.Add(FrameAspects.TapWrite, FrameAspects.Rejected("EINVAL"), "virtio_net_hdr_to_skb knows no VIRTIO_NET_HDR_GSO_UDP_L4 and returns -EINVAL", UdpL4FromTap, before);
        const string nothing = "the write was refused, so no frame crosses the bridge";
        foreach (var aspect in new[] { FrameAspects.Checksum, FrameAspects.AuxData, FrameAspects.Segmentation })
            e.Add(aspect, FrameAspects.NoFrames, nothing, UdpL4FromTap, before);
        e.Add(FrameAspects.Delivery, FrameAspects.DatagramDelivery(0, 0), nothing, UdpL4FromTap, before);
        return e;
    }
}
