using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Conformance.Support;
using Vnetconf.Reporting;
using Vnetconf.Scenarios;

namespace Vnetconf.Conformance.Lab;

/// <summary>
/// A sanity bound on the host path, not a benchmark: deferring segmentation past the NIC (TSO) must carry many
/// more bytes per second through TAP → bridge → veth than MTU-sized frames, on the same lab in the same run.
/// The bound k comes from the selected profile (fixtures/profiles, VNETCONF_PROFILE).
/// </summary>
[Category("Host")]
public sealed class HostPathThroughputTests
{
    [Test]
    public void TSO_super_frames_carry_at_least_k_times_the_bytes_per_second_of_MTU_frames()
    {
        Prerequisites.RequireHostLab();
        var profile = ThroughputProfile.Load(Path.Combine(TestContext.CurrentContext.TestDirectory, "profiles"));
        using var lab = HostLab.ForWritePath(new TapOptions(VnetHeader: true), new NicOptions(TxChecksumming: true, Tso: true));

        var mtu = new List<ThroughputSample>();
        var tso = new List<ThroughputSample>();
        for (var trial = 0; trial < profile.Trials; trial++) // interleaved, so drift on the host hits both alike
        {
            mtu.Add(HostPathThroughput.Measure(lab, gso: false, profile.Trial));
            tso.Add(HostPathThroughput.Measure(lab, gso: true, profile.Trial));
        }

        var table = new TextTable("frames", "min", "median", "max");
        table.Add(["MTU-sized TCP segments", .. Spread(mtu)]);
        table.Add([$"TCPV4 GSO super-frames ({HostPathThroughput.SuperFramePayload} B)", .. Spread(tso)]);
        var ratio = Median(tso) / Median(mtu);
        TestContext.Out.WriteLine($"profile '{profile.Name}': TSO / MTU byte rate = {ratio:F1} (bound: at least {profile.TsoOverMtuByteRateAtLeast}){Environment.NewLine}{table.Render()}");

        mtu.Should().OnlyContain(s => s.Bytes > 0, "MTU frames must reach the far end at all");
        tso.Should().OnlyContain(s => s.Bytes > 0, "super-frames must reach the far end at all");
        ratio.Should().BeGreaterThanOrEqualTo(profile.TsoOverMtuByteRateAtLeast,
            "a GSO skb costs the path about what one MTU frame costs, so it carries far more bytes per second (profile '{0}')", profile.Name);
    }

    private static double Median(List<ThroughputSample> samples) => samples.Select(s => s.BytesPerSecond).Order().ElementAt(samples.Count / 2);

    private static string[] Spread(List<ThroughputSample> samples)
    {
        var sorted = samples.OrderBy(s => s.BytesPerSecond).ToArray();
        return [sorted[0].ToString(), sorted[sorted.Length / 2].ToString(), sorted[^1].ToString()];
    }
}
