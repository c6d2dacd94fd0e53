using System.Diagnostics;
using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Perf.Peers;
using Vnetconf.Perf.Reporting;
using Vnetconf.Scenarios;

namespace Vnetconf.Perf;

/// <summary>
/// The harness measured against peers on the same path in the same run, with bounds from the profile
/// (fixtures/profiles, VNETCONF_PROFILE): its TAP injection against a raw C write() loop on the same TAP with the
/// same frame, and its TSO injection against iperf3 TCP over the same bridge and veth. One lab serves every
/// trial; each trial runs harness and peer back to back, alternating which goes first, so drift and the noise
/// of a busy two-core host fall on both sides alike. The table and chart go to results/perf.
/// </summary>
[Category("Perf")]
[NonParallelizable]
public sealed class HarnessVsPeersTests
{
    /// <summary>A count bound on the C loop besides its time bound: far above what one core writes in a trial.</summary>
    private const long MaxLoopFramesPerSecond = 20_000_000;

    private ThroughputProfile profile = null!;
    private PeerComparison injection = null!;
    private PeerComparison tso = null!;
    private string? compilerGap;
    private string? iperf3Gap;

    [OneTimeSetUp]
    public void MeasureInterleavedTrials()
    {
        PerfPrerequisites.RequireHostLab();
        profile = ThroughputProfile.Load(Path.Combine(TestContext.CurrentContext.TestDirectory, "profiles"));
        injection = new PeerComparison("TAP injection vs C write() loop",
            "harness TAP injection, MTU TCP frame", "C write() loop, same TAP, same frame",
            Quantity.FrameRate, profile.InjectionOverCWriteLoopAtLeast, profile.InjectionOverCWriteLoopTarget);
        tso = new PeerComparison("TSO injection vs iperf3 TCP",
            $"harness TSO injection, {HostPathThroughput.SuperFramePayload} B TCPV4 super-frames", "iperf3 TCP, br0 to far end",
            Quantity.BitRate, profile.TsoOverIperf3TcpAtLeast, profile.TsoOverIperf3TcpTarget);
        compilerGap = PerfPrerequisites.CompilerGap();
        iperf3Gap = PerfPrerequisites.Iperf3Gap();
        if (compilerGap is not null && iperf3Gap is not null) return;

        var clock = Stopwatch.StartNew();
        using var loop = compilerGap is null ? CWriteLoop.Compile() : null;
        using var lab = HostLab.ForWritePath(new TapOptions(VnetHeader: true), new NicOptions(TxChecksumming: true, Tso: true));
        if (iperf3Gap is null) Iperf3Tcp.AddClientAddress(lab);
        var frame = HostPathThroughput.WriteBytes(lab, InjectedFrames.MtuTcp);
        var trial = profile.PeerTrial;
        var maxFrames = (long)(trial.TotalSeconds * MaxLoopFramesPerSecond);
        HostPathThroughput.Measure(lab, InjectedFrames.MtuTcp, TimeSpan.FromMilliseconds(200)); // JIT and tiering, not counted

        for (var i = 0; i < profile.PeerTrials; i++)
        {
            var harnessFirst = i % 2 == 0;
            if (loop is not null)
                Pair(injection, harnessFirst, () => HostPathThroughput.Measure(lab, InjectedFrames.MtuTcp, trial), () => loop.Measure(lab, frame, trial, maxFrames));
            if (iperf3Gap is null)
                Pair(tso, harnessFirst, () => HostPathThroughput.Measure(lab, InjectedFrames.TcpGso, trial), () => Iperf3Tcp.Measure(lab, trial));
        }

        var context = $"profile '{profile.Name}', {profile.PeerTrials} interleaved trials of {trial.TotalSeconds} s per side, " +
                      $"{Environment.ProcessorCount} CPUs, kernel {KernelVersion.RunningRelease}; all counted at the far end's rx counters " +
                      $"(measured in {clock.Elapsed.TotalSeconds:F0} s)";
        var (table, chart) = PerfReport.Write(PerfResults.Directory(), [injection, tso], context);
        TestContext.Progress.WriteLine($"{PerfReport.Markdown([injection, tso], context)}{Environment.NewLine}written: {table}, {chart}");
    }

    [Test]
    public void Harness_TAP_injection_sends_at_least_r_times_the_frames_per_second_of_a_C_write_loop_on_the_same_TAP()
    {
        if (compilerGap is not null) Assert.Ignore(compilerGap);
        AssertBound(injection);
    }

    [Test]
    public void Harness_TSO_injection_carries_at_least_k_times_the_bytes_per_second_of_iperf3_TCP_on_the_same_bridge_and_veth()
    {
        if (iperf3Gap is not null) Assert.Ignore(iperf3Gap);
        AssertBound(tso);
    }

    private void AssertBound(PeerComparison comparison)
    {
        comparison.Trials.Should().HaveCount(profile.PeerTrials);
        comparison.Trials.Should().OnlyContain(t => t.Harness.Bytes > 0 && t.Peer.Bytes > 0, "both sides must reach the far end in every trial");
        var ratio = comparison.RatioSpread;
        TestContext.Out.WriteLine($"{comparison.Title}: median ratio {ratio.Median:F2} (min {ratio.Min:F2}, max {ratio.Max:F2}); " +
                                  $"bound {comparison.Bound:F2}, target {comparison.Target:F2} ({(ratio.Median >= comparison.Target ? "met" : "not met")})");
        ratio.Median.Should().BeGreaterThanOrEqualTo(comparison.Bound,
            "the profile '{0}' bounds {1} at {2}× ({3} vs {4})", profile.Name, comparison.Title, comparison.Bound, comparison.Harness, comparison.Peer);
    }

    /// <summary>Measures harness and peer back to back, in the given order, and records the pair.</summary>
    private static void Pair(PeerComparison comparison, bool harnessFirst, Func<ThroughputSample> harness, Func<ThroughputSample> peer)
    {
        if (harnessFirst)
        {
            var h = harness();
            comparison.Add(h, peer());
        }
        else
        {
            var p = peer();
            comparison.Add(harness(), p);
        }
    }
}
