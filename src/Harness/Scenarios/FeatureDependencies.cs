using Vnetconf.Interop;
using Vnetconf.Links;
using Vnetconf.Model;

namespace Vnetconf.Scenarios;

/// <summary>
/// How the devices' offload features, as ethtool reads them, follow from what was asked: the TAP's from TUNSETOFFLOAD
/// (what QEMU sets for the guest), a veth NIC's from the kernel's feature dependencies. Features are stated in
/// <see cref="NicState"/>'s words: its four features, each on or off, as the write path reports the NIC's.
/// </summary>
public static class FeatureDependencies
{
    public const string Features = "features";

    private const TunFlags VnetTap = TunFlags.IFF_TAP | TunFlags.IFF_NO_PI | TunFlags.IFF_VNET_HDR;
    private const string FixFeatures = "drivers/net/tun.c: set_offload, tun_net_fix_features";

    /// <summary>
    /// TUNSETOFFLOAD arguments whose TAP features are stated as data (not derived from the model), with the kernel
    /// change their acceptance depends on. Declared before <see cref="All"/>: static initialisers run in the order they are written.
    /// </summary>
    private static readonly (string Key, TunOffloads Offloads, NicState Features, KernelChange? Needs)[] NamedOffloads =
    [
        ("csum", TunOffloads.TUN_F_CSUM, new(TxChecksum: true, Tso4: false, Tso6: false, Uso: false), null),
        ("csum-tso4", TunOffloads.TUN_F_CSUM | TunOffloads.TUN_F_TSO4, new(TxChecksum: true, Tso4: true, Tso6: false, Uso: false), null),
        ("csum-tso4-tso6", TunOffloads.TUN_F_CSUM | TunOffloads.TUN_F_TSO4 | TunOffloads.TUN_F_TSO6, new(TxChecksum: true, Tso4: true, Tso6: true, Uso: false), null),
        ("csum-uso", TunOffloads.TUN_F_CSUM | TunOffloads.TUN_F_USO4 | TunOffloads.TUN_F_USO6, new(TxChecksum: true, Tso4: false, Tso6: false, Uso: true), KernelChanges.Uso),
    ];

    /// <summary>Every entry, in the order the report lists them.</summary>
    public static IReadOnlyList<ContractEntry> All { get; } =
    [
        Nic("nic.csum-off", "Turning tx-checksumming off on a veth NIC also turns TSO and USO off", new NicOptions(TxChecksumming: false, Tso: true)),
        Nic("nic.tso-off", "Turning TSO off on a veth NIC leaves tx-checksumming and USO on", new NicOptions(TxChecksumming: true, Tso: false)),
        new(HostMatrix.Features, "tap.new", "A new TAP has no checksum or segmentation offload until TUNSETOFFLOAD",
            _ => Contract.Documented(Features, new NicState(false, false, false, false).ToString(),
                "tun_net_fix_features masks HW_CSUM, TSO and GSO_UDP_L4 with the offloads set so far: none", FixFeatures),
            ns => Contract.Observed((Features, OnNewTap(ns, _ => { })))),
        .. NamedOffloads.Select(named => new ContractEntry(HostMatrix.Features, $"tap.setoffload.{named.Key}",
            $"The TAP's features follow TUNSETOFFLOAD {TunOffloadRules.Describe(named.Offloads)}",
            kernel => named.Needs is { } change && !change.IsIn(kernel)
                ? Contract.Documented(Features, "TUNSETOFFLOAD: EINVAL", "the argument names bits this kernel does not know yet", "drivers/net/tun.c: set_offload", change.SideOf(kernel))
                : Contract.Documented(Features, named.Features.ToString(), "set_offload turns each claimed bit into its feature, then netdev_update_features lets tun_net_fix_features keep them",
                    FixFeatures, named.Needs?.SideOf(kernel)),
            ns => Contract.Observed((Features, OnNewTap(ns, tap => tap.SetOffload(named.Offloads)))))),
        new(HostMatrix.Features, "tap.every-accepted-setoffload", "Every TUNSETOFFLOAD the kernel accepts leaves the TAP the features the model names",
            _ => Contract.Documented("patterns with other features", "none",
                "TunOffloadRules.Features models set_offload's bit-to-feature mapping for this kernel's version; the negotiation catalogue expects QEMU's TUNSETOFFLOAD to leave these",
                FixFeatures),
            EveryAcceptedPattern),
        new(HostMatrix.Features, "tap.ethtool-lowers-not-raises", "ethtool can lower what TUNSETOFFLOAD allowed but not raise it",
            _ => new Expectation()
                .Add("TSO4 after ethtool turns it off", "off", "ethtool may turn an allowed offload off: it leaves wanted_features", "net/core/dev.c: netdev_update_features")
                .Add("ethtool asking TSO6 on", "WISH", "TSO6 was not allowed by TUNSETOFFLOAD: the bit is wanted, tun_net_fix_features keeps it off, ETHTOOL_F_WISH says so",
                    "net/ethtool/ioctl.c: ethtool_set_features")
                .Add("TSO6", "off", "tun_net_fix_features masks what TUNSETOFFLOAD did not allow", FixFeatures)
                .Add("TSO6 once TUNSETOFFLOAD allows it", "on", "the wanted bit takes effect at the next TUNSETOFFLOAD that allows it", FixFeatures),
            EthtoolLowersNotRaises),
        FixedFeature("veth.fixed-feature", "A veth's fixed feature asked on is reported UNSUPPORTED and stays off", rtnetlink => rtnetlink.CreateVeth("va0", "vb0"), "va0",
            "drivers/net/veth.c: veth_setup (hw_features)"),
        FixedFeature("bridge.fixed-feature", "A bridge's fixed feature asked on is reported UNSUPPORTED and stays off", rtnetlink => rtnetlink.CreateBridge("vbr0"), "vbr0",
            "net/bridge/br_device.c: br_dev_setup (hw_features)"),
        new(HostMatrix.Features, "veth.tso-without-csum", "TSO asked on a veth without checksum offload is reported WISH and comes on with checksum offload",
            _ => new Expectation()
                .Add("asking TSO4 on", "WISH", "netdev_fix_features drops TSO without checksum offload; the bit stays wanted and ETHTOOL_F_WISH says so", SetFeatures)
                .Add("TSO4", "off", "a wanted feature its dependency forbids is not active", "net/core/dev.c: netdev_fix_features")
                .Add("asking tx-checksumming on", "as asked", "checksum offload has no dependency left unmet", SetFeatures)
                .Add("TSO4 with tx-checksumming", "on", "the wish is granted once its dependency is on: netdev_update_features recomputes from wanted_features",
                    "net/core/dev.c: netdev_update_features"),
            TsoWish),
    ];

    private const string SetFeatures = "net/ethtool/ioctl.c: ethtool_set_features";

    /// <summary>tx-checksum-ipv4 is outside both drivers' hw_features: asking for it changes nothing, and ethtool says why.</summary>
    private static ContractEntry FixedFeature(string key, string title, Action<Rtnetlink> create, string device, string driver) =>
        new(HostMatrix.Features, key, title,
            _ => new Expectation()
                .Add("tx-checksum-ipv4", "off, fixed", "the driver offers only tx-checksum-ip-generic; tx-checksum-ipv4 is not in its hw_features", driver)
                .Add("asking it on", "UNSUPPORTED", "a requested bit outside hw_features is ignored and ETHTOOL_F_UNSUPPORTED returned", SetFeatures)
                .Add("tx-checksum-ipv4 after", "off, fixed", "nothing changed", SetFeatures),
            ns =>
            {
                using (var rtnetlink = Rtnetlink.Open(ns)) create(rtnetlink);
                using var ethtool = Ethtool.Open(ns);
                var before = State(ethtool.GetFeatures(device)[IPv4Checksum]);
                var asked = Outcome(ethtool.SetFeatures(device, new Dictionary<string, bool> { [IPv4Checksum] = true }));
                return Contract.Observed(("tx-checksum-ipv4", before), ("asking it on", asked), ("tx-checksum-ipv4 after", State(ethtool.GetFeatures(device)[IPv4Checksum])));
            });

    private const string IPv4Checksum = "tx-checksum-ipv4";

    private static Observation TsoWish(NetNamespace ns)
    {
        using (var rtnetlink = Rtnetlink.Open(ns)) rtnetlink.CreateVeth("va0", "vb0");
        using var ethtool = Ethtool.Open(ns);
        ethtool.SetFeatures("va0", new Dictionary<string, bool> { ["tx-checksumming"] = false, [NicState.Tso4Feature] = false });
        var wish = Outcome(ethtool.SetFeatures("va0", new Dictionary<string, bool> { [NicState.Tso4Feature] = true }));
        var tso4 = Contract.OnOff(NicState.Read(ns, "va0").Tso4);
        var checksum = Outcome(ethtool.SetFeatures("va0", new Dictionary<string, bool> { [NicState.ChecksumFeature] = true }));
        return Contract.Observed(("asking TSO4 on", wish), ("TSO4", tso4), ("asking tx-checksumming on", checksum),
            ("TSO4 with tx-checksumming", Contract.OnOff(NicState.Read(ns, "va0").Tso4)));
    }

    /// <summary>What ETHTOOL_SFEATURES answered: "as asked", or the flags it set (WISH, UNSUPPORTED).</summary>
    private static string Outcome(EthtoolSetResult result) => result == EthtoolSetResult.None ? "as asked" : result.ToString().ToUpperInvariant();

    private static string State(EthtoolFeatureState state) => Contract.OnOff(state.Active) + (state.IsFixed ? ", fixed" : "");

    private static ContractEntry Nic(string key, string title, NicOptions asked) =>
        new(HostMatrix.Features, key, title,
            kernel =>
            {
                var documented = NicState.ExpectedFor(asked, kernel);
                return Contract.Documented(Features, documented.Value.ToString(), documented.Reason, documented.Source, documented.HoldsFor);
            },
            ns =>
            {
                // A veth NIC as the write path's lab has, with ethtool asked what that lab asks (NicOptions.EthtoolRequest).
                using (var rtnetlink = Rtnetlink.Open(ns)) rtnetlink.CreateVeth(HostLab.NicName, HostLab.WireName);
                using (var ethtool = Ethtool.Open(ns)) ethtool.SetFeatures(HostLab.NicName, asked.EthtoolRequest);
                return Contract.Observed((Features, NicState.Read(ns, HostLab.NicName).ToString()));
            });

    /// <summary>The features of a new TAP after <paramref name="configure"/>; a refused TUNSETOFFLOAD is its errno.</summary>
    private static string OnNewTap(NetNamespace ns, Action<TapDevice> configure)
    {
        using var tap = TapDevice.Create(ns, "vt0", VnetTap);
        var answer = Contract.Answer(() => configure(tap));
        return answer == Contract.Accepted ? NicState.Read(ns, tap.Name).ToString() : $"TUNSETOFFLOAD: {answer}";
    }

    private static Observation EveryAcceptedPattern(NetNamespace ns)
    {
        using var ethtool = Ethtool.Open(ns);
        var kernel = KernelVersion.Running;
        var otherwise = new List<string>();
        var accepted = 0;
        for (var bits = 0; bits <= (int)TunOffloadRules.AllKnown; bits++)
        {
            var offloads = (TunOffloads)bits;
            if (!TunOffloadRules.Accepts(offloads, kernel).Value) continue;
            accepted++;
            using var tap = TapDevice.Create(ns, "vt0", VnetTap);
            tap.SetOffload(offloads);
            var features = ethtool.GetFeatures(tap.Name);
            var active = TapOffloadFeatures.All.Where(name => features.TryGetValue(name, out var state) && state.Active).ToArray();
            var modelled = TunOffloadRules.Features(offloads, kernel);
            if (!active.SequenceEqual(modelled))
                otherwise.Add($"{TunOffloadRules.Describe(offloads)}: {string.Join("|", active)} (modelled {string.Join("|", modelled)})");
        }
        var observed = Contract.Observed(("patterns with other features", otherwise.Count == 0 ? "none" : string.Join("; ", otherwise)));
        observed.Notes.Add($"{accepted} accepted patterns set on a fresh TAP each, on {KernelVersion.RunningRelease}");
        return observed;
    }

    private static Observation EthtoolLowersNotRaises(NetNamespace ns)
    {
        using var tap = TapDevice.Create(ns, "vt0", VnetTap);
        using var ethtool = Ethtool.Open(ns);
        tap.SetOffload(TunOffloads.TUN_F_CSUM | TunOffloads.TUN_F_TSO4);
        ethtool.SetFeatures(tap.Name, new Dictionary<string, bool> { [NicState.Tso4Feature] = false });
        var tso4 = Contract.OnOff(NicState.Read(ns, tap.Name).Tso4);
        var raise = ethtool.SetFeatures(tap.Name, new Dictionary<string, bool> { [NicState.Tso6Feature] = true });
        var tso6 = Contract.OnOff(NicState.Read(ns, tap.Name).Tso6);
        tap.SetOffload(TunOffloads.TUN_F_CSUM | TunOffloads.TUN_F_TSO4 | TunOffloads.TUN_F_TSO6);
        return Contract.Observed(("TSO4 after ethtool turns it off", tso4),
            ("ethtool asking TSO6 on", Outcome(raise)),
            ("TSO6", tso6), ("TSO6 once TUNSETOFFLOAD allows it", Contract.OnOff(NicState.Read(ns, tap.Name).Tso6)));
    }

}
