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
    public const string GuestNicOffloads = "guest nic offloads";
    public const string TapOffloadsGroHwOff = "tap offloads, rx-gro-hw off";
    public const string TapOffloadsGroHwOnAgain = "tap offloads, rx-gro-hw on again";

    /// <summary>Every aspect the negotiation and device entries compare, in the order a report shows them.</summary>
    public static readonly string[] Aspects =
        [NegotiatedOffloads, DeviceLayout, TapHeader, GuestNicOffloads, TapOffloads, TapOffloadsGroHwOff, TapOffloadsGroHwOnAgain];

    /// <summary>
    /// The guest NIC's transmit features the negotiation decides, each with the HOST_* bit it needs beside CSUM
    /// (drivers/net/virtio_net.c: virtnet_probe puts NETIF_F_HW_CSUM and each bit's TSO flag in hw_features under CSUM and
    /// turns on hw_features &amp; NETIF_F_ALL_TSO); NETIF_F_GSO_UDP_L4 for HOST_USO (Linux 6.2+) goes into hw_features
    /// alone, so tx-udp-segmentation is offered but stays off until ethtool asks for it.
    /// </summary>
    private static readonly (string Feature, VirtioNetFeature? HostBit)[] GuestNicFeatures =
    [
        (TapOffloadFeatures.Checksum, null), (TapOffloadFeatures.Tso4, VirtioNetFeature.HOST_TSO4),
        (TapOffloadFeatures.TsoEcn, VirtioNetFeature.HOST_ECN), (TapOffloadFeatures.Tso6, VirtioNetFeature.HOST_TSO6),
        (TapOffloadFeatures.Uso, VirtioNetFeature.HOST_USO),
        (TapOffloadFeatures.UdpTunnel, VirtioNetFeature.HOST_UDP_TUNNEL_GSO), (TapOffloadFeatures.UdpTunnelCsum, VirtioNetFeature.HOST_UDP_TUNNEL_GSO_CSUM),
    ];

    /// <summary>The guest NIC's features that only hw_features carry until the guest's virtio_net turns on all it offers (Linux 6.17).</summary>
    private static readonly string[] OfferedOnlyBefore617 = [TapOffloadFeatures.Uso, TapOffloadFeatures.UdpTunnel, TapOffloadFeatures.UdpTunnelCsum];

    /// <summary>
    /// The receive offloads virtio_net gives up when NETIF_F_GRO_HW is turned off (drivers/net/virtio_net.c:
    /// GUEST_OFFLOAD_GRO_HW_MASK, sent with VIRTIO_NET_CTRL_GUEST_OFFLOADS_SET by virtnet_set_features): the USO bits since
    /// Linux 6.2, the UDP-tunnel bits since 6.17; a bit a kernel never negotiated cannot be given up, so one list serves all.
    /// </summary>
    private static readonly VirtioFeatureSet GroHwOffloads = VirtioFeatureSet.Of(
        VirtioNetFeature.GUEST_TSO4, VirtioNetFeature.GUEST_TSO6, VirtioNetFeature.GUEST_ECN, VirtioNetFeature.GUEST_UFO,
        VirtioNetFeature.GUEST_USO4, VirtioNetFeature.GUEST_USO6, VirtioNetFeature.GUEST_UDP_TUNNEL_GSO, VirtioNetFeature.GUEST_UDP_TUNNEL_GSO_CSUM);

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
            return (Expect(backend, booted.Qemu, KernelVersion.Running, booted.GuestKernel), Observe(booted));
        });

    /// <summary>
    /// The negotiation cells of <paramref name="backend"/> in the order they must run: the negotiation while the guest
    /// is as booted, then rx-gro-hw off and on again (a backend with a vnet header only).
    /// </summary>
    public static IEnumerable<MatrixCell> Cells(GuestBackend backend, Func<ILabGuest> guest) =>
        backend.VnetHeader ? [Cell(backend, guest), GroHwOffCell(backend, guest)] : [Cell(backend, guest)];

    public static string GroHwOffId(GuestBackend backend) => $"{Id(backend)}.rx-gro-hw-off";

    /// <summary>
    /// The guest turns rx-gro-hw off with ethtool and on again, as a user tuning the guest would: QEMU follows each step
    /// on the TAP. Only a backend with a vnet header negotiates the receive offloads that rx-gro-hw stands for.
    /// </summary>
    private static MatrixCell GroHwOffCell(GuestBackend backend, Func<ILabGuest> guest) =>
        new(GroHwOffId(backend), Category, $"{Title(backend)}, rx-gro-hw off and on again", () =>
        {
            var booted = guest();
            var e = ExpectGroHwOffAndOn(backend, booted.Qemu, KernelVersion.Running, booted.GuestKernel);
            var observation = new Observation();
            foreach (var (aspect, on) in new[] { (TapOffloadsGroHwOff, false), (TapOffloadsGroHwOnAgain, true) })
            {
                var result = booted.Agent.SetEthtool(GuestPathProbe.GuestInterface, new Dictionary<string, bool> { [GuestPathProbe.GuestGroHwFeature] = on });
                observation.Aspects[aspect] = ActiveTapOffloads(booted.Lab.Stack, HostLab.TapName);
                observation.Notes.Add($"ethtool -K {GuestPathProbe.GuestInterface} {GuestPathProbe.GuestGroHwFeature} {(on ? "on" : "off")}: {result}");
            }
            return (e, observation);
        });

    /// <summary>What QEMU sets on the TAP when the guest turns rx-gro-hw off, and on again.</summary>
    public static Expectation ExpectGroHwOffAndOn(GuestBackend backend, QemuVersion qemu, KernelVersion host, KernelVersion guest)
    {
        var offloads = ExpectedOffloads(backend, qemu, host, guest);
        var e = new Expectation();
        e.Add(TapOffloadsGroHwOff, TapOffloadNames(offloads.Except(GroHwOffloads), host),
            "rx-gro-hw off makes virtio_net drop GUEST_TSO4/TSO6/ECN/UFO/USO4/USO6 (and the UDP-tunnel bits) with VIRTIO_NET_CTRL_GUEST_OFFLOADS_SET, " +
            "and QEMU calls TUNSETOFFLOAD with what is left: TUN_F_CSUM while GUEST_CSUM stays",
            $"drivers/net/virtio_net.c: virtnet_set_features (GUEST_OFFLOAD_GRO_HW_MASK); hw/net/virtio-net.c: virtio_net_handle_offloads; {GuestOffloads}");
        e.Add(TapOffloadsGroHwOnAgain, TapOffloadNames(offloads, host),
            "rx-gro-hw on again asks for every offload the device negotiated (guest_offloads_capable), and QEMU sets them on the TAP again",
            $"drivers/net/virtio_net.c: virtnet_set_features; {GuestOffloads}");
        return e;
    }

    /// <summary>
    /// The offload bits the guest ends up with: what QEMU offers the TAP it has, that the guest's driver knows, that the
    /// device's feature register can carry.
    /// </summary>
    public static VirtioFeatureSet ExpectedOffloads(GuestBackend backend, QemuVersion qemu, KernelVersion host, KernelVersion guest) =>
        ExpectedOffloads(backend.VnetHeader, backend.Device, qemu, host, guest);

    /// <summary>The same for a NIC with the properties <paramref name="device"/>: a property switched off is a bit QEMU does not offer.</summary>
    public static VirtioFeatureSet ExpectedOffloads(bool vnetHeader, VirtioNetDeviceOptions device, QemuVersion qemu, KernelVersion host, KernelVersion guest)
    {
        if (!vnetHeader) return default;
        var uso = qemu.AtLeast(QemuVersion.UsoSince) && KernelChanges.Uso.IsIn(host) && KernelChanges.Uso.IsIn(guest);
        var tunnel = UdpTunnelOffered(qemu, host, guest);
        var switchedOff = device.SwitchedOff;
        return VirtioFeatureSet.Of(OffloadFeatures.Where(f =>
            (uso || !UsoFeatures.Contains(f)) && (tunnel || !UdpTunnelFeatures.Contains(f)) && (!device.Legacy || (int)f < LegacyFeatureBits)
            && !switchedOff.Contains(f)));
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

    public static Expectation Expect(GuestBackend backend, QemuVersion qemu, KernelVersion host, KernelVersion guest) =>
        Expect(backend.VnetHeader, backend.Device, qemu, host, guest);

    /// <summary>What a NIC with the properties <paramref name="device"/> on a TAP with or without IFF_VNET_HDR negotiates, and what QEMU sets on its TAP.</summary>
    public static Expectation Expect(bool vnetHeader, VirtioNetDeviceOptions device, QemuVersion qemu, KernelVersion host, KernelVersion guest)
    {
        var offloads = ExpectedOffloads(vnetHeader, device, qemu, host, guest);
        // The versions only matter where a modern device with a vnet header could carry the tunnel bits.
        var tunnelSide = vnetHeader && !device.Legacy ? UdpTunnelSide(qemu, host, guest) : null;
        var switchedOff = device.SwitchedOff.Count == 0 ? ""
            : $"; {string.Join(", ", device.SwitchedOff)} switched off (virtio_net_properties: each property a DEFINE_PROP_BIT64 of host_features) is not offered" +
              (device.SwitchedOff.Contains(VirtioNetFeature.GSO) ? ", and GSO is a legacy bit the Linux driver never acks, so without it the guest negotiates the same offloads" : "");
        var e = new Expectation();
        e.Add(NegotiatedOffloads, Names(offloads),
            vnetHeader
                ? $"QEMU {qemu} offers every offload its TAP can carry (USO from QEMU {QemuVersion.UsoSince} on a {KernelChanges.Uso.Since.MajorMinor}+ host; " +
                  $"the UDP-tunnel bits from QEMU {QemuVersion.UdpTunnelSince} on a {KernelChanges.UdpTunnelGso.Since.MajorMinor}+ host; this host runs {host}) " +
                  $"and the {guest} guest acks those its driver knows (USO from {KernelChanges.Uso.Since.MajorMinor}, the UDP-tunnel bits from {KernelChanges.UdpTunnelGso.Since.MajorMinor}: drivers/net/virtio_net.c VIRTNET_FEATURES)" +
                  (device.Legacy ? $"; a legacy device carries only bits 0–{LegacyFeatureBits - 1}, so never the USO or UDP-tunnel bits" : "") + switchedOff
                : "the TAP has no IFF_VNET_HDR, so QEMU offers no checksum or segmentation offload at all",
            vnetHeader && device.Legacy ? $"{QemuOffers}; {DriverAcks}; {LegacyRegister}" : $"{QemuOffers}; {DriverAcks}",
            tunnelSide);

        var version1 = !device.Legacy;
        var mergeable = device.MrgRxbuf ?? true; // QEMU's default
        var tunnelHeader = version1 && UdpTunnelFeatures.Any(offloads.Has);
        e.Add(DeviceLayout, Layout(version1, mergeable),
            (device.Legacy ? "disable-modern=on keeps the device legacy (no VERSION_1)" : "virtio-net-pci is modern (VERSION_1) by default") +
            (mergeable ? ", with mergeable buffers (mrg_rxbuf defaults to on)" : ", and mrg_rxbuf=off leaves MRG_RXBUF out"),
            "hw/virtio/virtio-pci.c; hw/net/virtio-net.c: virtio_net_properties");
        e.Add(TapHeader, vnetHeader ? $"{(tunnelHeader ? 24 : version1 || mergeable ? 12 : 10)} B" : "none",
            !vnetHeader ? "a TAP without IFF_VNET_HDR carries no header"
            : tunnelHeader ? "a modern device that negotiated GUEST_ or HOST_UDP_TUNNEL_GSO uses the 24-byte virtio_net_hdr_v1_hash_tunnel (the 12-byte header, hash fields, outer_th_offset, inner_nh_offset)"
            : "VERSION_1 or MRG_RXBUF make the header 12 bytes, else it is the legacy 10" + (tunnelSide is null ? "" : "; no UDP-tunnel bit is negotiated, so not the 24-byte tunnel header"),
            HeaderSize, tunnelSide);

        var allOffered = KernelChanges.UdpTunnelGso.IsIn(guest);
        e.Add(GuestNicOffloads, GuestNicOffloadNames(offloads, allOffered),
            "with CSUM the guest's eth0 checksums in hardware and segments TCP for each HOST_TSO4/ECN/TSO6 negotiated; " +
            (allOffered
                ? "the guest's virtio_net turns on every offload it offers, so HOST_USO gives tx-udp-segmentation and HOST_UDP_TUNNEL_GSO(_CSUM) tx-udp_tnl(-csum)-segmentation; "
                : "with HOST_USO tx-udp-segmentation is only offered (hw_features), so it stays off by default; ") +
            "without CSUM it offers none",
            $"drivers/net/virtio_net.c: virtnet_probe (hw_features under VIRTIO_NET_F_CSUM, then features |= hw_features{(allOffered ? "" : " & NETIF_F_ALL_TSO")})",
            offloads.Has(VirtioNetFeature.HOST_USO) ? KernelChanges.UdpTunnelGso.SideOf(guest) : null);
        e.Add(TapOffloads, TapOffloadNames(offloads, host),
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

    /// <summary>What the guest's NIC with the address <paramref name="mac"/> negotiated, and what QEMU set on its TAP <paramref name="tapName"/>.</summary>
    public static Observation Observe(ILabGuest guest, string tapName = HostLab.TapName, string mac = VirtioNetDeviceOptions.DefaultMac)
    {
        var (_, guestInterface, negotiated) = guest.Agent.VirtioNetFeatures(mac);
        var observation = new Observation();
        var nic = guest.Agent.EthtoolFeatures(guestInterface);
        var nicActive = GuestNicFeatures.Select(f => f.Feature).Where(name => nic.TryGetValue(name, out var feature) && feature.Active).ToArray();
        observation.Aspects[GuestNicOffloads] = nicActive.Length == 0 ? "none" : string.Join(", ", nicActive);
        observation.Aspects[NegotiatedOffloads] = Names(VirtioFeatureSet.Of(OffloadFeatures.Where(negotiated.Has)));
        observation.Aspects[DeviceLayout] = Layout(negotiated.Has(VirtioNetFeature.VERSION_1), negotiated.Has(VirtioNetFeature.MRG_RXBUF));
        observation.Aspects[TapHeader] = guest.TapHeaderSize(tapName) is { } size ? $"{size} B" : "none";
        observation.Aspects[TapOffloads] = ActiveTapOffloads(guest.Lab.Stack, tapName);
        observation.Notes.Add($"negotiated on {guestInterface}: {negotiated}");
        return observation;
    }

    private static string ActiveTapOffloads(Links.NetNamespace stack, string tapName)
    {
        using var ethtool = Ethtool.Open(stack);
        var tap = ethtool.GetFeatures(tapName);
        var active = TapOffloadFeatures.All.Where(name => tap[name].Active).ToArray();
        return active.Length == 0 ? "none" : string.Join(", ", active);
    }

    /// <summary>The TAP features tun shows once QEMU has mirrored the guest offloads <paramref name="offloads"/> onto it.</summary>
    private static string TapOffloadNames(VirtioFeatureSet offloads, KernelVersion host)
    {
        var tap = TunOffloadRules.Features(TapFlags(offloads), host);
        return tap.Count == 0 ? "none" : string.Join(", ", tap);
    }

    /// <param name="allOffered">the guest's virtio_net turns on what it offers (6.17+), not only the TSO features</param>
    private static string GuestNicOffloadNames(VirtioFeatureSet offloads, bool allOffered)
    {
        var names = offloads.Has(VirtioNetFeature.CSUM)
            ? GuestNicFeatures.Where(f => (allOffered || !OfferedOnlyBefore617.Contains(f.Feature)) && (f.HostBit is not { } bit || offloads.Has(bit))).Select(f => f.Feature).ToArray()
            : [];
        return names.Length == 0 ? "none" : string.Join(", ", names);
    }

    private static string Names(VirtioFeatureSet set)
    {
        var names = OffloadFeatures.Where(set.Has).Select(f => f.ToString()).ToArray();
        return names.Length == 0 ? "none" : string.Join(" ", names);
    }

    private static string Layout(bool version1, bool mergeable) =>
        $"{(version1 ? "modern (VERSION_1)" : "legacy")}, {(mergeable ? "MRG_RXBUF" : "no MRG_RXBUF")}";
}
