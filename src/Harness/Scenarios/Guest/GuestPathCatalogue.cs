using Vnetconf.Guest;
using Vnetconf.Model;
using Vnetconf.Packets;

namespace Vnetconf.Scenarios;

/// <summary>
/// The guest-path matrix and its documented behaviour: bulk TCP and UDP between a QEMU guest and the far end, each
/// expectation derived from the rules along the path (what the guest negotiated, what QEMU then set on the TAP,
/// the NIC pair's effective offloads) and never from a previous observation.
/// </summary>
public static class GuestPathCatalogue
{
    public const int TcpBytes = 256 * 1024;
    public const int UdpDatagrams = 32;
    public const int UdpDatagramSize = 1000;
    public const int UdpBytes = UdpDatagrams * UdpDatagramSize;

    /// <summary>
    /// The segment size both Linux ends use: 1500 − 20 (IPv4) or 40 (IPv6) − 20 (TCP) − 12 (the timestamp option
    /// that net.ipv4.tcp_timestamps=1, the default, puts on every segment).
    /// </summary>
    public static int TimestampedMss(IpFamily family) => 1500 - IpHeaderSize(family) - TcpHeader.MinimumSize - 12;

    private static int IpHeaderSize(IpFamily family) => family == IpFamily.IPv4 ? IPv4Header.Size : IPv6Header.Size;

    private static int L4Start(IpFamily family) => EthernetHeader.Size + IpHeaderSize(family);

    private const string QemuOffers = "hw/net/virtio-net.c: virtio_net_get_features (no peer vnet header → no CSUM/GUEST_CSUM/TSO bits)";
    private const string GuestNicFeatures = "drivers/net/virtio_net.c: virtnet_probe (CSUM → NETIF_F_HW_CSUM, HOST_TSO4/6 → NETIF_F_TSO/TSO6)";
    private const string GuestTransmits = "drivers/net/virtio_net.c: xmit_skb → virtio_net_hdr_from_skb; hw/net/virtio-net.c: virtio_net_flush_tx → tap writev; drivers/net/tun.c: tun_get_user → virtio_net_hdr_to_skb";
    private const string VethKeeps = "drivers/net/veth.c: veth_xmit forwards the skb as it is (ip_summed and GSO kept)";
    private const string SoftwareFixup = "net/core/dev.c: validate_xmit_skb → skb_gso_segment / skb_csum_hwoffload_help → skb_checksum_help";
    private const string TapOffloads = "hw/net/virtio-net.c: virtio_net_apply_guest_offloads → net/tap-linux.c: tap_fd_set_offload (TUNSETOFFLOAD); drivers/net/tun.c: set_offload";
    private const string GuestReceives = "drivers/net/tun.c: tun_put_user → virtio_net_hdr_from_skb; drivers/net/virtio_net.c: receive_buf → virtio_net_hdr_to_skb";
    private const string GuestCapture = "net/packet/af_packet.c: packet_rcv → virtio_net_hdr_from_skb, which runs after the guest's GRO (net/core/gro.c: napi_gro_receive)";

    /// <summary>The NIC pair either carries offload metadata (tx-checksumming and TSO on) or none (both off).</summary>
    public static IReadOnlyList<NicOptions> NicSettings { get; } = [new(TxChecksumming: true, Tso: true), new(TxChecksumming: false, Tso: false)];

    public static IEnumerable<GuestPathScenario> All() => GuestBackend.All.SelectMany(Cells);

    /// <summary>A tunnel cell's UDP GSO send: one datagram of this many bytes, cut into <see cref="UdpDatagramSize"/> segments.</summary>
    public const int TunnelBytes = 3000;

    /// <summary>
    /// The cells one booted guest serves: everything but the backend varies without a reboot. The tunnel cells run over
    /// IPv4 only: the outer family's part of the tunnel header is the host matrices' subject.
    /// </summary>
    public static IEnumerable<GuestPathScenario> Cells(GuestBackend backend) =>
        (from family in Enum.GetValues<IpFamily>()
         from nic in NicSettings
         from direction in Enum.GetValues<GuestPathDirection>()
         from protocol in new[] { IPProtocol.Tcp, IPProtocol.Udp }
         select new GuestPathScenario(backend, nic, direction, protocol, family))
        .Concat(
            from nic in NicSettings
            from direction in Enum.GetValues<GuestPathDirection>()
            select new GuestPathScenario(backend, nic, direction, IPProtocol.Udp, IpFamily.IPv4, Tunnelled: true));

    /// <summary>
    /// The NIC's offloads (nic0 and wire0 alike) follow from the request by the documented dependency; the frames'
    /// fate follows from those, never from the state the cell happened to read.
    /// </summary>
    private static Expectation NicExpectation(GuestPathScenario s)
    {
        var nic = HostNic(s);
        return new Expectation().Add(FrameAspects.NicOffloads, nic.Value.ToString(), nic.Reason, nic.Source, nic.HoldsFor);
    }

    /// <summary>nic0 and wire0 are veths on this host, so this host's kernel decides their feature dependencies.</summary>
    private static Expected<NicState> HostNic(GuestPathScenario s) => NicState.ExpectedFor(s.Nic, KernelVersion.Running);

    /// <summary>
    /// The documented behaviour of <paramref name="s"/> given what the guest negotiated and its GRO settings
    /// (<paramref name="c"/>; negotiation itself is asserted by the negotiation tests).
    /// </summary>
    public static Expectation Expect(GuestPathScenario s, GuestPathConditions c) =>
        s.Tunnelled
            ? s.Direction == GuestPathDirection.Transmit ? ExpectTunnelTransmit(s, c) : ExpectTunnelReceive(s, c)
            : s.Direction == GuestPathDirection.Transmit ? ExpectTransmit(s, c) : ExpectReceive(s, c);

    private const string TunnelOffloads =
        "drivers/net/virtio_net.c: virtnet_probe (HOST_UDP_TUNNEL_GSO → NETIF_F_GSO_UDP_TUNNEL in hw_features and hw_enc_features); xmit_skb → virtio_net_hdr_tnl_from_skb";

    /// <summary>
    /// The guest sends a UDP GSO datagram through its VXLAN link. With CSUM, HOST_USO and HOST_UDP_TUNNEL_GSO negotiated,
    /// eth0 takes the tunnel GSO skb whole (its hw_enc_features carry checksum and segmentation), QEMU writes it to the TAP
    /// with the 24-byte header, and it crosses nic0 whole when nic0 segments UDP; otherwise the guest segments it before
    /// virtio-net and completes the inner checksum, having no offload for encapsulated skbs.
    /// </summary>
    private static Expectation ExpectTunnelTransmit(GuestPathScenario s, GuestPathConditions c)
    {
        var e = NicExpectation(s);
        var nic = HostNic(s).Value;
        var guestTunnels = c.Negotiated.Has(VirtioNetFeature.CSUM) && c.Negotiated.Has(VirtioNetFeature.HOST_USO) && c.Negotiated.Has(VirtioNetFeature.HOST_UDP_TUNNEL_GSO);
        var whole = guestTunnels && nic.Uso;
        var partial = guestTunnels && nic.TxChecksum;
        var without = "without CSUM, HOST_USO and HOST_UDP_TUNNEL_GSO negotiated eth0 has no offload for encapsulated skbs, so the guest segments the tunnel GSO skb and completes each inner checksum before virtio-net";
        e.Add(FrameAspects.Segmentation,
            whole ? FrameAspects.Frames(1, TunnelBytes, new VirtioNetHeader { GsoType = VirtioGsoType.UdpL4, GsoSize = UdpDatagramSize }) : FrameAspects.SoftwareSegments(TunnelBytes, UdpDatagramSize),
            whole ? "CSUM, HOST_USO and HOST_UDP_TUNNEL_GSO negotiated: the guest hands the tunnel GSO skb to virtio-net whole, QEMU writes it to the TAP behind the 24-byte header, and nic0 segments UDP, so it reaches wire0 whole (AF_PACKET's header names the inner UDP_L4)"
            : guestTunnels ? "the tunnel GSO skb crosses the TAP whole, but nic0 lacks tx-udp-segmentation and segments it in software" : without,
            whole ? $"{TunnelOffloads}; {GuestTransmits}; {VethKeeps}" : guestTunnels ? SoftwareFixup : TunnelOffloads);
        e.Add(FrameAspects.Checksum,
            partial ? FrameAspects.InnerUdpPartialWords(s.Family) : CompleteWords(withDataValid: false),
            partial ? "the inner checksum stays partial from the guest's socket to wire0: csum_start points at the inner UDP header"
            : guestTunnels ? "nic0 lacks tx-checksumming and finishes each inner checksum in software" : without,
            partial ? $"{TunnelOffloads}; {VethKeeps}" : guestTunnels ? SoftwareFixup : TunnelOffloads);
        FrameAspects.ExpectAuxData(e, partial: partial);
        FrameAspects.ExpectTunnelDelivery(e, "the far", TunnelBytes, UdpDatagramSize);
        return e;
    }

    /// <summary>
    /// The far end sends a UDP GSO datagram through its VXLAN link to the guest. With GUEST_CSUM, GUEST_USO4/6 and
    /// GUEST_UDP_TUNNEL_GSO negotiated QEMU gives the TAP TUN_F_UDP_TUNNEL_GSO, so tap0 takes the tunnel GSO skb whole and
    /// QEMU hands it to the guest behind the 24-byte header; otherwise tap0 segments it. The inner checksum stays partial
    /// when wire0 leaves it so, the TAP has TUN_F_CSUM and the host's tun lets encapsulated skbs keep it (hw_enc_features,
    /// Linux 6.17+). The guest's GRO is off for these cells, so its capture sees what virtio-net delivered.
    /// </summary>
    private static Expectation ExpectTunnelReceive(GuestPathScenario s, GuestPathConditions c)
    {
        var e = NicExpectation(s);
        var wire = HostNic(s).Value;
        var tapChecksum = c.Negotiated.Has(VirtioNetFeature.GUEST_CSUM);
        var tapTunnels = tapChecksum && c.Negotiated.Has(VirtioNetFeature.GUEST_USO4) && c.Negotiated.Has(VirtioNetFeature.GUEST_USO6) &&
                         c.Negotiated.Has(VirtioNetFeature.GUEST_UDP_TUNNEL_GSO);
        // tap0 lives on this host, so this host's tun decides whether encapsulated skbs keep its offloads.
        var encapsulated = TunOffloadRules.KeepsEncapsulatedOffloads(KernelVersion.Running);
        var whole = wire.Uso && tapTunnels;
        var partial = wire.TxChecksum && tapChecksum && encapsulated.Value;
        if (whole) return RefusedTunnelFrame(e);
        e.Add(FrameAspects.Segmentation, FrameAspects.SoftwareSegments(TunnelBytes, UdpDatagramSize),
            !wire.Uso ? "wire0 lacks tx-udp-segmentation, so the far end's tunnel skb is segmented before it leaves"
            : "the TAP lacks TUN_F_UDP_TUNNEL_GSO (no GUEST_UDP_TUNNEL_GSO with GUEST_CSUM and GUEST_USO4/6), so tap0 segments the tunnel GSO skb in software",
            SoftwareFixup);
        e.Add(FrameAspects.Checksum,
            partial ? FrameAspects.InnerUdpPartialWords(s.Family) : CompleteWords(withDataValid: false),
            partial ? $"wire0 leaves the inner checksum partial, the TAP has TUN_F_CSUM (GUEST_CSUM), and on the host {encapsulated.Reason}, so tun hands NEEDS_CSUM at the inner UDP header to QEMU and the guest"
            : !wire.TxChecksum ? "wire0 lacks tx-checksumming, so the far end finishes every checksum"
            : !tapChecksum ? "the TAP lacks TUN_F_CSUM (no GUEST_CSUM), so the checksum is finished at tap0"
            : $"on the host, {encapsulated.Reason}: the inner checksum is finished at tap0",
            partial ? $"{VethKeeps}; {TapOffloads}; {encapsulated.Source}; {GuestReceives}" : $"{SoftwareFixup}; {encapsulated.Source}",
            wire.TxChecksum && tapChecksum ? encapsulated.HoldsFor : null);
        FrameAspects.ExpectTunnelDelivery(e, "the guest's", TunnelBytes, UdpDatagramSize);
        e.Add(DropAspects.Counter, DropAspects.CounterWords(GuestFrameErrors, 0), "the guest's virtio_net takes every segment's header", GuestReceives);
        return e;
    }

    /// <summary>Where the guest's virtio_net counts a frame whose virtio-net header it refuses (receive_buf → frame_err).</summary>
    public const string GuestFrameErrors = $"{GuestPathProbe.GuestCounterPrefix}rx_frame_errors";

    /// <summary>
    /// A documented defect: the tunnel GSO frame that tap0 hands QEMU whole (with the tunnel bits and offsets host.read finds
    /// well-formed: outer_th 34, inner_nh 64) is refused by the guest's virtio_net. Observed with QEMU 11.1.3 and Linux 7.2.13
    /// and 7.3.4 guests, their console saying "eth0: bad gso: type: 25, size: 1000, flags 1 tunnel 1 tnl csum 1"; which side
    /// misreads the 24-byte header is not established, so a QEMU or kernel that fixes it shows here as a deviation.
    /// </summary>
    private static Expectation RefusedTunnelFrame(Expectation e)
    {
        const string reason =
            "DEFECT (QEMU 11.1.3 with Linux 7.2.13 and 7.3.4 guests): wire0 and the TAP (TUN_F_UDP_TUNNEL_GSO from GUEST_UDP_TUNNEL_GSO) pass the tunnel GSO skb whole, " +
            "QEMU hands it to the guest behind the 24-byte header, and the guest's virtio_net refuses that header ('bad gso: type: 25' on its console): the frame is lost";
        const string source = "drivers/net/virtio_net.c: receive_buf → virtio_net_hdr_tnl_to_skb → frame_err (rx_frame_errors); hw/net/virtio-net.c: virtio_net_receive_rcu";
        e.Add(FrameAspects.Segmentation, FrameAspects.NoFrames, reason, source, defect: true);
        e.Add(FrameAspects.Checksum, FrameAspects.NoFrames, reason, source, defect: true);
        e.Add(FrameAspects.Delivery, FrameAspects.DatagramDelivery(0, 0), reason, source, defect: true);
        e.Add(DropAspects.Counter, DropAspects.CounterWords(GuestFrameErrors, 1), "the guest's virtio_net counts the refused header as a frame error of eth0", source, defect: true);
        return e;
    }

    private static Expectation ExpectTransmit(GuestPathScenario s, GuestPathConditions c)
    {
        var e = NicExpectation(s);
        var nic = HostNic(s).Value;
        var tcp = s.Protocol == IPProtocol.Tcp;
        var guestChecksums = c.Negotiated.Has(VirtioNetFeature.CSUM);
        var v6 = s.Family == IpFamily.IPv6;
        var hostTso = v6 ? VirtioNetFeature.HOST_TSO6 : VirtioNetFeature.HOST_TSO4;
        var guestSegments = guestChecksums && c.Negotiated.Has(hostTso);
        var partial = guestChecksums && nic.TxChecksum;

        if (partial)
            e.Add(FrameAspects.Checksum, PartialWords(tcp, s.Family),
                "CSUM negotiated: the guest hands CHECKSUM_PARTIAL to virtio-net, QEMU passes NEEDS_CSUM to the TAP, and nic0 has tx-checksumming, so the far end gets it unfinished",
                $"{GuestTransmits}; {VethKeeps}");
        else
            e.Add(FrameAspects.Checksum, CompleteWords(withDataValid: false),
                guestChecksums ? "the guest left the checksum partial, but nic0 lacks tx-checksumming and finishes it in software"
                               : "QEMU offered no CSUM (the TAP has no vnet header), so the guest computes every checksum itself",
                guestChecksums ? SoftwareFixup : $"{QemuOffers}; {GuestNicFeatures}");

        FrameAspects.ExpectAuxData(e, partial: partial);

        if (tcp)
        {
            var whole = guestSegments && nic.Tso(s.Family);
            e.Add(FrameAspects.Segmentation, whole ? SuperFrames(s.Family) : MtuFrames(),
                whole ? $"{hostTso} negotiated: the guest's TCP builds GSO skbs, QEMU passes their {(v6 ? "TCPV6" : "TCPV4")} header to the TAP, and nic0 has TSO, so they reach the far end whole"
                : guestSegments ? "the guest's GSO skbs cross the TAP whole, but nic0 lacks TSO and segments them in software"
                : $"without {hostTso} (no vnet header) the guest segments in software before virtio-net",
                whole ? $"{GuestTransmits}; {VethKeeps}" : guestSegments ? SoftwareFixup : $"{QemuOffers}; {GuestNicFeatures}");
            e.Add(FrameAspects.Delivery, FrameAspects.StreamDelivery(TcpBytes, TcpBytes), "the far server reads every byte the guest sent", "net/ipv4/tcp_input.c");
        }
        else
        {
            e.Add(FrameAspects.Segmentation, FrameAspects.Frames(UdpDatagrams, UdpDatagramSize), "each datagram fits the MTU and stays one frame", GuestTransmits);
            e.Add(FrameAspects.Delivery, FrameAspects.DatagramDelivery(UdpDatagrams, UdpBytes),
                "every datagram arrives: a partial checksum is trusted by the far end's UDP, a completed one verifies",
                "include/linux/skbuff.h: skb_csum_unnecessary; net/ipv4/udp.c: __udp4_lib_rcv");
        }
        return e;
    }

    private static Expectation ExpectReceive(GuestPathScenario s, GuestPathConditions c)
    {
        var e = NicExpectation(s);
        var wire = HostNic(s).Value;
        var tcp = s.Protocol == IPProtocol.Tcp;
        // QEMU mirrors the guest's receive offloads onto the TAP: GUEST_CSUM → TUN_F_CSUM, GUEST_TSO4 → TUN_F_TSO4,
        // the latter only while the guest keeps rx-gro-hw on (virtnet_set_features withdraws GUEST_TSO4/6).
        var tapChecksum = c.Negotiated.Has(VirtioNetFeature.GUEST_CSUM);
        var guestTso = s.Family == IpFamily.IPv6 ? VirtioNetFeature.GUEST_TSO6 : VirtioNetFeature.GUEST_TSO4;
        var tapSegments = tapChecksum && c.Negotiated.Has(guestTso) && c.GuestGroHw;
        var partial = wire.TxChecksum && tapChecksum;

        if (partial)
            e.Add(FrameAspects.Checksum, PartialWords(tcp, s.Family),
                "wire0 has tx-checksumming, so the far end's skbs stay CHECKSUM_PARTIAL across the veth pair and the bridge; the TAP has TUN_F_CSUM (GUEST_CSUM), so tun hands NEEDS_CSUM to QEMU and the guest",
                $"{VethKeeps}; {TapOffloads}; {GuestReceives}; {GuestCapture}");
        else
            e.Add(FrameAspects.Checksum, CompleteWords(withDataValid: c.GuestGro),
                (wire.TxChecksum ? "the TAP lacks TUN_F_CSUM (no GUEST_CSUM), so the checksum is finished at tap0 and nothing is said to the guest"
                                   : "wire0 lacks tx-checksumming, so the far end finishes every checksum; tun says nothing about it") +
                (c.GuestGro ? "; the guest's GRO verifies it in software and marks the skb CHECKSUM_UNNECESSARY before AF_PACKET sees it (DATA_VALID)" : ""),
                (wire.TxChecksum ? $"{TapOffloads}; {SoftwareFixup}" : SoftwareFixup) +
                (c.GuestGro ? $"; net/ipv4/tcp_offload.c, udp_offload.c: skb_gro_checksum_validate; {GuestCapture}" : ""));

        if (tcp)
        {
            var whole = wire.Tso(s.Family) && tapSegments;
            var tunFlag = s.Family == IpFamily.IPv6 ? "TUN_F_TSO6" : "TUN_F_TSO4";
            e.Add(FrameAspects.Segmentation, whole ? SuperFrames(s.Family) : MtuFrames(),
                whole ? $"wire0 has TSO, so the far end's GSO skbs cross the veth pair whole; the TAP has {tunFlag} ({guestTso}, rx-gro-hw on), so the guest receives them as super-frames"
                : !wire.Tso(s.Family) ? "wire0 lacks TSO, so the far end's skbs are segmented before they leave it"
                : $"the TAP lacks {tunFlag} (no {guestTso}, or rx-gro-hw off), so tap0 segments the GSO skbs in software",
                whole ? $"{VethKeeps}; {TapOffloads}; {GuestReceives}" : SoftwareFixup);
            e.Add(FrameAspects.Delivery, FrameAspects.StreamDelivery(TcpBytes, TcpBytes), "the guest's TCP reads every byte the far end sent", "net/ipv4/tcp_input.c");
        }
        else
        {
            e.Add(FrameAspects.Segmentation, FrameAspects.Frames(UdpDatagrams, UdpDatagramSize), "each datagram fits the MTU and stays one frame", GuestReceives);
            e.Add(FrameAspects.Delivery, FrameAspects.DatagramDelivery(UdpDatagrams, UdpBytes), "every datagram reaches the guest's socket", "net/ipv4/udp.c: __udp4_lib_rcv");
        }
        return e;
    }

    private static string PartialWords(bool tcp, IpFamily family) => FrameAspects.ChecksumWords(ChecksumState.Partial, new VirtioNetHeader
    {
        Flags = VirtioNetHeaderFlags.NeedsCsum,
        CsumStart = (ushort)L4Start(family),
        CsumOffset = (ushort)(tcp ? TcpHeader.ChecksumOffset : UdpHeader.ChecksumOffset),
    });

    private static string CompleteWords(bool withDataValid) => FrameAspects.ChecksumWords(ChecksumState.CompleteValid,
        new VirtioNetHeader { Flags = withDataValid ? VirtioNetHeaderFlags.DataValid : VirtioNetHeaderFlags.None });

    private static string SuperFrames(IpFamily family) =>
        $"super-frames: {FrameAspects.Gso(family == IpFamily.IPv6 ? VirtioGsoType.TcpV6 : VirtioGsoType.TcpV4, TimestampedMss(family))}";

    private static string MtuFrames() => $"frames of at most {FrameAspects.MtuFrame} B";
}
