using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Conformance.Support;
using Vnetconf.Reporting;
using Vnetconf.Scenarios;
using Vnetconf.TestSupport;

namespace Vnetconf.Conformance.Lab;

/// <summary>
/// A sanity bound on the host path, not a benchmark: deferring segmentation past the NIC (TSO) must carry many
/// more bytes per second through TAP → bridge → veth than MTU-sized frames, on the same lab in the same run.
/// The bound k comes from the selected profile (fixtures/profiles, VNETCONF_PROFILE). USO super-frames and a NIC
/// without offloads (segmentation in software at the NIC) are measured alongside and reported.
/// </summary>
[Category("Host")]
public sealed class HostPathThroughputTests
{
    [Test]
    public void TSO_super_frames_carry_at_least_k_times_the_bytes_per_second_of_MTU_frames()
    {
        Skip.Unless(HostCapabilities.HostLab);
        var profile = ThroughputProfile.Load();
        using var offloading = HostLab.ForWritePath(new TapOptions(VnetHeader: true), new NicOptions(TxChecksumming: true, Tso: true));
        using var plain = HostLab.ForWritePath(new TapOptions(VnetHeader: true), new NicOptions(TxChecksumming: false, Tso: false));
        var rows = new (string Name, HostLab Lab, InjectedFrames Frames)[]
        {
            ("MTU-sized TCP segments, NIC offloads on", offloading, InjectedFrames.MtuTcp),
            ($"TCPV4 GSO super-frames ({HostPathThroughput.SuperFramePayload} B), NIC offloads on", offloading, InjectedFrames.TcpGso),
            ($"UDP_L4 GSO super-frames ({HostPathThroughput.UdpSuperFramePayload} B), NIC offloads on", offloading, InjectedFrames.UdpGso),
            ("MTU-sized TCP segments, NIC offloads off", plain, InjectedFrames.MtuTcp),
            ($"TCPV4 GSO super-frames, NIC offloads off (segmented at the NIC)", plain, InjectedFrames.TcpGso),
        };
        var samples = rows.Select(_ => new List<ThroughputSample>()).ToArray();
        for (var trial = 0; trial < profile.Trials; trial++) // interleaved, so drift on the host hits every row alike
            for (var row = 0; row < rows.Length; row++)
                samples[row].Add(HostPathThroughput.Measure(rows[row].Lab, rows[row].Frames, profile.Trial));

        var table = new TextTable("frames", "min", "median", "max");
        for (var row = 0; row < rows.Length; row++) table.Add([rows[row].Name, .. Spread(samples[row])]);
        var ratio = Median(samples[1]) / Median(samples[0]);
        TestContext.Out.WriteLine($"profile '{profile.Name}': TSO / MTU byte rate = {ratio:F1} (bound: at least {profile.TsoOverMtuByteRateAtLeast}){Environment.NewLine}{table.Render()}");

        samples.Should().OnlyContain(row => row.All(s => s.Bytes > 0), "every kind of frame must reach the far end");
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
