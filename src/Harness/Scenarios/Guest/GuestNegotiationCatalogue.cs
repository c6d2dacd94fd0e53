using Vnetconf.Guest;
using Vnetconf.Interop;
using Vnetconf.Links;
using Vnetconf.Model;

namespace Vnetconf.Scenarios;

/// <summary>
/// What a freshly booted guest negotiated per backend, and what QEMU then set on the TAP — the behaviours a QEMU or
/// guest-kernel upgrade changes first. Expectations follow from the documented rules and the versions involved
/// (QEMU's, the host's for the TAP, the guest's for its driver), never from a previous observation.
/// </summary>
public static class GuestNegotiationCatalogue
{
    public const string Category = "guest.negotiation";

    public const string NegotiatedOffloads = "negotiated offloads";
    public const string DeviceLayout = "device layout";
    public const string TapHeader = "tap vnet header";
    public const string TapOffloads = "tap offloads";

    /// <summary>Every offload bit QEMU clears when the TAP has no vnet header (hw/net/virtio-net.c: virtio_net_get_features).</summary>
    public static readonly VirtioNetFeature[] OffloadFeatures =
    [
        VirtioNetFeature.CSUM, VirtioNetFeature.GUEST_CSUM, VirtioNetFeature.GUEST_TSO4, VirtioNetFeature.GUEST_TSO6,
        VirtioNetFeature.GUEST_ECN, VirtioNetFeature.GUEST_UFO, VirtioNetFeature.HOST_TSO4, VirtioNetFeature.HOST_TSO6,
        VirtioNetFeature.HOST_ECN, VirtioNetFeature.HOST_UFO, VirtioNetFeature.GUEST_USO4, VirtioNetFeature.GUEST_USO6,
        VirtioNetFeature.HOST_USO, VirtioNetFeature.GUEST_UDP_TUNNEL_GSO, VirtioNetFeature.GUEST_UDP_TUNNEL_GSO_CSUM,
        VirtioNetFeature.HOST_UDP_TUNNEL_GSO, VirtioNetFeature.HOST_UDP_TUNNEL_GSO_CSUM,
    ];

    /// <summary>The UDP segmentation bits: QEMU 8.1+, offered only when the TAP accepts TUN_F_USO4|USO6 (Linux 6.2+), known to virtio_net since 6.2.</summary>
    public static readonly VirtioNetFeature[] UsoFeatures = [VirtioNetFeature.GUEST_USO4, VirtioNetFeature.GUEST_USO6, VirtioNetFeature.HOST_USO];

    /// <summary>
    /// The UDP-tunnel GSO bits (65–68): QEMU 10.2+ offers them when the TAP accepts TUN_F_UDP_TUNNEL_GSO (Linux 6.17+), and
    /// virtio_net knows them since 6.17; a modern device only.
    /// </summary>
    public static readonly VirtioNetFeature[] UdpTunnelFeatures =
    [
        VirtioNetFeature.GUEST_UDP_TUNNEL_GSO, VirtioNetFeature.GUEST_UDP_TUNNEL_GSO_CSUM,
        VirtioNetFeature.HOST_UDP_TUNNEL_GSO, VirtioNetFeature.HOST_UDP_TUNNEL_GSO_CSUM,
    ];

    /// <summary>
    /// A legacy (virtio 0.9.5) device negotiates only feature bits 0–31: its features travel through one 32-bit
    /// register each way, so the USO bits (54–56), the UDP-tunnel bits (65–68) and VERSION_1 (32) can never be offered or
    /// acked on it. See <see cref="LegacyRegister"/> for where QEMU and the guest driver cut them off.
    /// </summary>
    public const int LegacyFeatureBits = 32;

    private const string LegacyRegister =
        "hw/virtio/virtio-pci.c: virtio_ioport_read returns host_features as a uint32_t (VIRTIO_PCI_HOST_FEATURES), virtio_ioport_write takes the guest's as one (VIRTIO_PCI_GUEST_FEATURES); " +
        "drivers/virtio/virtio_pci_legacy_dev.c: vp_legacy_get_features is an ioread32";
    private const string QemuOffers = "hw/net/virtio-net.c: virtio_net_get_features (peer_has_vnet_hdr, peer_has_ufo, peer_has_uso, peer_has_tunnel)";
    private const string DriverAcks = "drivers/virtio/virtio.c: virtio_dev_probe acks the offered bits the driver's feature table lists";
    private const string HeaderSize = "hw/net/virtio-net.c: virtio_net_set_features → virtio_net_set_mrg_rx_bufs (version_1, hash_report, virtio_has_tunnel_hdr) → tap_set_vnet_hdr_len (TUNSETVNETHDRSZ)";
    private const string GuestOffloads = "hw/net/virtio-net.c: virtio_net_apply_guest_offloads → net/tap-linux.c: tap_fd_set_offload; drivers/net/tun.c: set_offload";

    public static string Id(GuestBackend backend) => $"{Category}.{backend.Id}";

    public static string Title(GuestBackend backend) => $"guest negotiation, {backend}";

    /// <summary>The cell of <paramref name="backend"/>, observing the guest <paramref name="guest"/> returns when asked (and its QEMU).</summary>
    public static MatrixCell Cell(GuestBackend backend, Func<ILabGuest> guest) =>
        new(Id(backend), Category, Title(backend), () =>
        {
            var booted = guest();
            var guestKernel = KernelVersion.Parse(booted.Agent.Hello().KernelRelease);
            return (Expect(backend, booted.Qemu, KernelVersion.Running, guestKernel), Observe(booted));
        });

    /// <summary>
    /// The offload bits the guest ends up with: what QEMU offers the TAP it has, that the guest's driver knows, that the
    /// device's feature register can carry.
    /// </summary>
    public static VirtioFeatureSet ExpectedOffloads(GuestBackend backend, QemuVersion qemu, KernelVersion host, KernelVersion guest)
    {
        if (!backend.VnetHeader) return default;
        var uso = qemu.AtLeast(QemuVersion.UsoSince) && KernelChanges.Uso.IsIn(host) && KernelChanges.Uso.IsIn(guest);
        var tunnel = UdpTunnelOffered(qemu, host, guest);
        return VirtioFeatureSet.Of(OffloadFeatures.Where(f =>
            (uso || !UsoFeatures.Contains(f)) && (tunnel || !UdpTunnelFeatures.Contains(f)) && (!backend.Legacy || (int)f < LegacyFeatureBits)));
    }

    /// <summary>
    /// Whether QEMU offers the UDP-tunnel bits and the guest acks them, the device's register aside: QEMU 10.2+ (on its
    /// default machine type), a host whose tun takes TUN_F_UDP_TUNNEL_GSO (QEMU's peer_has_tunnel probe), a guest driver
    /// that knows them.
    /// </summary>
    private static bool UdpTunnelOffered(QemuVersion qemu, KernelVersion host, KernelVersion guest) =>
        qemu.AtLeast(QemuVersion.UdpTunnelSince) && KernelChanges.UdpTunnelGso.IsIn(host) && KernelChanges.UdpTunnelGso.IsIn(guest);

    /// <summary>The versions the UDP-tunnel side of an expectation holds for, QEMU's and both kernels', in the reports' words.</summary>
    private static string UdpTunnelSide(QemuVersion qemu, KernelVersion host, KernelVersion guest)
    {
        var change = KernelChanges.UdpTunnelGso;
        var since = change.Since.MajorMinor;
        if (UdpTunnelOffered(qemu, host, guest))
            return $"QEMU ≥ {QemuVersion.UdpTunnelSince.Major}.{QemuVersion.UdpTunnelSince.Minor}, host and guest Linux ≥ {since} ({change.Commit})";
        var missing = new List<string>();
        if (!qemu.AtLeast(QemuVersion.UdpTunnelSince)) missing.Add($"QEMU < {QemuVersion.UdpTunnelSince.Major}.{QemuVersion.UdpTunnelSince.Minor}");
        if (!change.IsIn(host)) missing.Add($"host Linux < {since}");
        if (!change.IsIn(guest)) missing.Add($"guest Linux < {since}");
        return $"{string.Join(" or ", missing)} (no UDP-tunnel GSO: before {change.Commit})";
    }

    public static Expectation Expect(GuestBackend backend, QemuVersion qemu, KernelVersion host, KernelVersion guest)
    {
        var offloads = ExpectedOffloads(backend, qemu, host, guest);
        // The versions only matter where a modern device with a vnet header could carry the tunnel bits.
        var tunnelSide = backend.VnetHeader && !backend.Legacy ? UdpTunnelSide(qemu, host, guest) : null;
        var e = new Expectation();
        e.Add(NegotiatedOffloads, Names(offloads),
            backend.VnetHeader
                ? $"QEMU {qemu} offers every offload its TAP can carry (USO from QEMU {QemuVersion.UsoSince} on a {KernelChanges.Uso.Since.MajorMinor}+ host; " +
                  $"the UDP-tunnel bits from QEMU {QemuVersion.UdpTunnelSince} on a {KernelChanges.UdpTunnelGso.Since.MajorMinor}+ host; this host runs {host}) " +
                  $"and the {guest} guest acks those its driver knows (USO from {KernelChanges.Uso.Since.MajorMinor}, the UDP-tunnel bits from {KernelChanges.UdpTunnelGso.Since.MajorMinor}: drivers/net/virtio_net.c VIRTNET_FEATURES)" +
                  (backend.Legacy ? $"; a legacy device carries only bits 0–{LegacyFeatureBits - 1}, so never the USO or UDP-tunnel bits" : "")
                : "the TAP has no IFF_VNET_HDR, so QEMU offers no checksum or segmentation offload at all",
            backend.VnetHeader && backend.Legacy ? $"{QemuOffers}; {DriverAcks}; {LegacyRegister}" : $"{QemuOffers}; {DriverAcks}",
            tunnelSide);

        var version1 = !backend.Legacy;
        var mergeable = backend.Device.MrgRxbuf ?? true; // QEMU's default
        var tunnelHeader = version1 && UdpTunnelFeatures.Any(offloads.Has);
        e.Add(DeviceLayout, Layout(version1, mergeable),
            backend.Legacy ? "disable-modern=on keeps the device legacy; the backend turns mrg_rxbuf off" : "virtio-net-pci is modern (VERSION_1) with mergeable buffers by default",
            "hw/virtio/virtio-pci.c; hw/net/virtio-net.c: virtio_net_properties");
        e.Add(TapHeader, backend.VnetHeader ? $"{(tunnelHeader ? 24 : version1 || mergeable ? 12 : 10)} B" : "none",
            !backend.VnetHeader ? "a TAP without IFF_VNET_HDR carries no header"
            : tunnelHeader ? "a modern device that negotiated GUEST_ or HOST_UDP_TUNNEL_GSO uses the 24-byte virtio_net_hdr_v1_hash_tunnel (the 12-byte header, hash fields, outer_th_offset, inner_nh_offset)"
            : "VERSION_1 or MRG_RXBUF make the header 12 bytes, else it is the legacy 10" + (tunnelSide is null ? "" : "; no UDP-tunnel bit is negotiated, so not the 24-byte tunnel header"),
            HeaderSize, tunnelSide);

        var tap = TunOffloadRules.Features(TapFlags(offloads), host);
        e.Add(TapOffloads, tap.Count == 0 ? "none" : string.Join(", ", tap),
            "QEMU mirrors the guest's GUEST_CSUM/TSO4/TSO6/ECN/USO4+USO6 onto the TAP as TUN_F_* flags, and GUEST_UDP_TUNNEL_GSO(_CSUM) as TUN_F_UDP_TUNNEL_GSO(_CSUM), " +
            "which tun shows as these features (UDP_TUNNEL_GSO as tx-udp_tnl-segmentation, its CSUM as tx-udp_tnl-csum-segmentation, Linux 6.17+)",
            GuestOffloads, tunnelSide);
        return e;
    }

    /// <summary>
    /// The TUN_F_* flags QEMU passes to TUNSETOFFLOAD for the guest offloads <paramref name="offloads"/>: each GUEST_*
    /// bit as its flag, all of them only under GUEST_CSUM (hw/net/virtio-net.c: virtio_net_apply_guest_offloads →
    /// net/tap-linux.c: tap_fd_set_offload). Which features tun then shows is <see cref="TunOffloadRules.Features"/>.
    /// </summary>
    private static TunOffloads TapFlags(VirtioFeatureSet offloads)
    {
        if (!offloads.Has(VirtioNetFeature.GUEST_CSUM)) return TunOffloads.None;
        (VirtioNetFeature Bit, TunOffloads Flag)[] mirrored =
        [
            (VirtioNetFeature.GUEST_TSO4, TunOffloads.TUN_F_TSO4), (VirtioNetFeature.GUEST_TSO6, TunOffloads.TUN_F_TSO6),
            (VirtioNetFeature.GUEST_ECN, TunOffloads.TUN_F_TSO_ECN), (VirtioNetFeature.GUEST_UFO, TunOffloads.TUN_F_UFO),
            (VirtioNetFeature.GUEST_USO4, TunOffloads.TUN_F_USO4), (VirtioNetFeature.GUEST_USO6, TunOffloads.TUN_F_USO6),
            (VirtioNetFeature.GUEST_UDP_TUNNEL_GSO, TunOffloads.TUN_F_UDP_TUNNEL_GSO),
            (VirtioNetFeature.GUEST_UDP_TUNNEL_GSO_CSUM, TunOffloads.TUN_F_UDP_TUNNEL_GSO_CSUM),
        ];
        return mirrored.Where(m => offloads.Has(m.Bit)).Aggregate(TunOffloads.TUN_F_CSUM, (flags, m) => flags | m.Flag);
    }

    public static Observation Observe(ILabGuest guest)
    {
        var negotiated = guest.Agent.VirtioNetFeatures().Features;
        var observation = new Observation();
        observation.Aspects[NegotiatedOffloads] = Names(VirtioFeatureSet.Of(OffloadFeatures.Where(negotiated.Has)));
        observation.Aspects[DeviceLayout] = Layout(negotiated.Has(VirtioNetFeature.VERSION_1), negotiated.Has(VirtioNetFeature.MRG_RXBUF));
        observation.Aspects[TapHeader] = guest.TapHeaderSize is { } size ? $"{size} B" : "none";
        using (var ethtool = Ethtool.Open(guest.Lab.Stack))
        {
            var tap = ethtool.GetFeatures(HostLab.TapName);
            var active = TapOffloadFeatures.All.Where(name => tap[name].Active).ToArray();
            observation.Aspects[TapOffloads] = active.Length == 0 ? "none" : string.Join(", ", active);
        }
        observation.Notes.Add($"negotiated: {negotiated}");
        return observation;
    }

    private static string Names(VirtioFeatureSet set)
    {
        var names = OffloadFeatures.Where(set.Has).Select(f => f.ToString()).ToArray();
        return names.Length == 0 ? "none" : string.Join(" ", names);
    }

    private static string Layout(bool version1, bool mergeable) =>
        $"{(version1 ? "modern (VERSION_1)" : "legacy")}, {(mergeable ? "MRG_RXBUF" : "no MRG_RXBUF")}";
}
