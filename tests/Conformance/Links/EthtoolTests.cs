using System.Text.RegularExpressions;
using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Conformance.Support;
using Vnetconf.Interop;
using Vnetconf.Links;

namespace Vnetconf.Conformance.Links;

/// <summary>
/// <see cref="Ethtool"/> against the running kernel, inside fresh namespaces, each reading and change checked with
/// the ethtool CLI (<c>ethtool -k</c>, <c>-K</c>, <c>-i</c>) run inside the same namespace. What the kernel answers
/// (a fixed feature is UNSUPPORTED, TSO without checksum offload a WISH) is catalogue data: <see cref="Scenarios.FeatureDependencies"/>.
/// </summary>
[TestFixture, Category("Host")]
public partial class EthtoolTests
{
    private NetNamespace ns = null!;
    private Rtnetlink rtnetlink = null!;
    private Ethtool ethtool = null!;

    [SetUp]
    public void CreateVethAndBridge()
    {
        HostTools.RequireRootAndTools();
        ns = NetNamespace.Create("ethtool");
        rtnetlink = Rtnetlink.Open(ns);
        ethtool = Ethtool.Open(ns);
        rtnetlink.CreateVeth("va0", "vb0");
        rtnetlink.CreateBridge("vbr0");
    }

    [TearDown]
    public void DisposeNamespace()
    {
        // Null when the root check skipped the first test before SetUp got this far; Dispose is idempotent otherwise.
        ethtool?.Dispose();
        rtnetlink?.Dispose();
        ns?.Dispose();
    }

    [Test]
    public void Features_of_a_veth_agree_with_ethtool_k()
    {
        var features = ethtool.GetFeatures("va0");
        var cli = EthtoolK("va0");

        var compared = 0;
        foreach (var (name, shown) in cli)
        {
            if (features.TryGetValue(name, out var ours))
            {
                ShouldAgree(name, ours, shown);
                compared++;
            }
            else if (EthtoolFeatureGroups.Patterns.ContainsKey(name)
                && EthtoolFeatureGroups.Members(name, features.Names) is [var only] && !cli.ContainsKey(only))
            {
                // ethtool shows a one-feature group (rx-checksumming = rx-checksum) under the group's name only.
                ShouldAgree(name, features[only], shown);
                compared++;
            }
        }
        compared.Should().BeGreaterThan(50, "ethtool -k lists every feature of the device");
        features.Count.Should().BeGreaterThanOrEqualTo(compared);
    }

    [Test]
    public void Turning_tx_checksumming_off_and_on_is_seen_by_ethtool_k()
    {
        ethtool.SetFeatures("va0", new Dictionary<string, bool> { ["tx-checksumming"] = false }).Should().Be(EthtoolSetResult.None);

        var cli = EthtoolK("va0");
        cli["tx-checksum-ip-generic"].On.Should().BeFalse();
        cli["tx-checksum-sctp"].On.Should().BeFalse();
        // TSO needs checksum offload (netdev_fix_features): it goes off too, but stays wanted.
        cli["tx-tcp-segmentation"].Should().Be(new Shown(false, false, true));
        ethtool.GetFeatures("va0")["tx-tcp-segmentation"].Should().Be(new EthtoolFeatureState(true, true, false, false));

        ethtool.SetFeatures("va0", new Dictionary<string, bool> { ["tx-checksumming"] = true }).Should().Be(EthtoolSetResult.None);

        cli = EthtoolK("va0");
        cli["tx-checksum-ip-generic"].On.Should().BeTrue();
        cli["tx-tcp-segmentation"].Should().Be(new Shown(true, false, null));
    }

    [Test]
    public void Turning_tso_off_and_on_is_seen_by_ethtool_k()
    {
        ethtool.SetFeatures("va0", new Dictionary<string, bool> { ["tcp-segmentation-offload"] = false }).Should().Be(EthtoolSetResult.None);

        var cli = EthtoolK("va0");
        cli.Where(pair => EthtoolFeatureGroups.Members("tcp-segmentation-offload", [pair.Key]).Count == 1)
            .Should().NotBeEmpty().And.OnlyContain(pair => !pair.Value.On);

        ethtool.SetFeatures("va0", new Dictionary<string, bool> { ["tx-tcp-segmentation"] = true, ["tx-tcp6-segmentation"] = true })
            .Should().Be(EthtoolSetResult.None);

        cli = EthtoolK("va0");
        cli["tx-tcp-segmentation"].On.Should().BeTrue();
        cli["tx-tcp6-segmentation"].On.Should().BeTrue();
        cli["tx-tcp-ecn-segmentation"].On.Should().BeFalse();
    }

    [Test]
    public void Changes_made_with_ethtool_K_are_seen_by_GetFeatures()
    {
        HostTools.Run(ns, "ethtool", "-K", "va0", "tx", "off", "gso", "off");

        var features = ethtool.GetFeatures("va0");
        features["tx-checksum-ip-generic"].Active.Should().BeFalse();
        features["tx-generic-segmentation"].Should().Be(new EthtoolFeatureState(true, false, false, false));

        HostTools.Run(ns, "ethtool", "-K", "va0", "tx", "on", "gso", "on");

        features = ethtool.GetFeatures("va0");
        features["tx-checksum-ip-generic"].Active.Should().BeTrue();
        features["tx-generic-segmentation"].Active.Should().BeTrue();
    }

    [Test]
    public void An_unknown_feature_name_is_an_ArgumentException_naming_it_and_nothing_changes()
    {
        var before = HostTools.Run(ns, "ethtool", "-k", "va0");

        ethtool.Invoking(e => e.SetFeatures("va0", new Dictionary<string, bool> { ["tx-checksumming"] = false, ["tx-frobnication"] = true }))
            .Should().Throw<ArgumentException>().WithMessage("*'tx-frobnication'*");

        HostTools.Run(ns, "ethtool", "-k", "va0").Should().Be(before);
    }

    [Test]
    public void Driver_info_names_the_drivers_ethtool_i_names()
    {
        foreach (var device in new[] { "va0", "vbr0" })
        {
            var cli = HostTools.Run(ns, "ethtool", "-i", device).Split('\n')
                .Select(line => line.Split(": ", 2)).Where(parts => parts.Length == 2).ToDictionary(p => p[0], p => p[1]);
            var info = ethtool.GetDriverInfo(device);
            info.Driver.Should().Be(cli["driver"]);
            info.Version.Should().Be(cli["version"]);
            info.BusInfo.Should().Be(cli["bus-info"]);
        }
        ethtool.GetDriverName("va0").Should().Be("veth");
        ethtool.GetDriverName("vbr0").Should().Be("bridge");
    }

    [Test]
    public void An_absent_device_is_ENODEV_naming_the_ioctl_the_device_and_the_namespace()
    {
        var failure = ethtool.Invoking(e => e.GetFeatures("vnc-absent0")).Should().Throw<SyscallException>().Which;

        failure.Errno.Should().Be(Errno.ENODEV);
        failure.Call.Should().Be("SIOCETHTOOL(ETHTOOL_GSSET_INFO(ETH_SS_FEATURES))");
        failure.Target.Should().Be($"vnc-absent0 in {ns.Name}");
    }

    [Test]
    public void Setting_a_feature_of_the_hosts_lo_is_refused_and_lo_is_unchanged()
    {
        var before = HostTools.Run(NetNamespace.Host, "ethtool", "-k", "lo");
        using var host = Ethtool.Open(NetNamespace.Host);
        host.GetFeatures("lo").Should().ContainKey("tx-checksum-ip-generic", "reading the host is allowed");

        host.Invoking(e => e.SetFeatures("lo", new Dictionary<string, bool> { ["tx-checksumming"] = false }))
            .Should().Throw<HostModificationRefusedException>().Which.InterfaceName.Should().Be("lo");

        HostTools.Run(NetNamespace.Host, "ethtool", "-k", "lo").Should().Be(before);
    }

    [Test]
    public void A_host_interface_the_user_named_is_let_through_to_the_kernel()
    {
        var hostBefore = HostTools.LinkFingerprint(NetNamespace.Host);
        using var permitted = Ethtool.Open(NetNamespace.HostWithPermission(["vnc-absent0"]));

        // The guard lets the named interface through; the kernel, which has no such device, answers ENODEV.
        var failure = permitted.Invoking(e => e.SetFeatures("vnc-absent0", new Dictionary<string, bool> { ["tx-checksumming"] = false }))
            .Should().Throw<SyscallException>().Which;
        failure.Errno.Should().Be(Errno.ENODEV);
        failure.Target.Should().Be("vnc-absent0 in host");

        // Any other interface of the host is still refused through the same object.
        permitted.Invoking(e => e.SetFeatures("lo", new Dictionary<string, bool> { ["tx-checksumming"] = false }))
            .Should().Throw<HostModificationRefusedException>();
        HostTools.LinkFingerprint(NetNamespace.Host).Should().Be(hostBefore);
    }

    /// <summary>One line of <c>ethtool -k</c>: on/off, "[fixed]", and the "[requested on|off]" shown when wanted differs from active.</summary>
    private sealed record Shown(bool On, bool Fixed, bool? Requested);

    private static void ShouldAgree(string name, EthtoolFeatureState ours, Shown shown)
    {
        ours.Active.Should().Be(shown.On, name);
        ours.IsFixed.Should().Be(shown.Fixed, name);
        // ethtool shows "[requested …]" only for changeable features whose wanted state differs from the active one.
        if (!shown.Fixed) (ours.Requested != ours.Active ? ours.Requested : (bool?)null).Should().Be(shown.Requested, name);
    }

    private Dictionary<string, Shown> EthtoolK(string device) =>
        HostTools.Run(ns, "ethtool", "-k", device).Split('\n')
            .Select(line => EthtoolKLine().Match(line))
            .Where(match => match.Success)
            .ToDictionary(
                match => match.Groups["name"].Value,
                match => new Shown(
                    match.Groups["state"].Value == "on",
                    match.Groups["note"].Value == "fixed",
                    match.Groups["note"].Value switch { "requested on" => true, "requested off" => false, _ => null }));

    [GeneratedRegex(@"^\t?(?<name>[^\s:]+): (?<state>on|off)(?: \[(?<note>fixed|requested on|requested off)\])?$")]
    private static partial Regex EthtoolKLine();
}
