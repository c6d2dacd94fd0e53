using System.Diagnostics;
using NUnit.Framework;
using Vnetconf.Model;
using Vnetconf.Perf.Peers;
using Vnetconf.Perf.Reporting;
using Vnetconf.Scenarios;
using Vnetconf.TestSupport;

namespace Vnetconf.Perf;

/// <summary>
/// The harness measured against peers on the same path in the same run, with bounds from the profile
/// (fixtures/profiles, VNETCONF_PROFILE): its TAP injection against a raw C write() loop on the same TAP with the
/// same frame, its TSO injection against iperf3 TCP and its USO injection against iperf3 UDP over the same bridge
/// and veth. One lab serves every trial; each trial runs harness and peer back to back, alternating which goes
/// first, so drift and the noise of a busy two-core host fall on both sides alike.
/// </summary>
[Category("Perf")]
[NonParallelizable]
public sealed class HarnessVsPeersTests
{
    /// <summary>A count bound on the C loop besides its time bound: far above what one core writes in a trial.</summary>
    private const long MaxLoopFramesPerSecond = 20_000_000;

    private ThroughputProfile profile = null!;
    private Comparison injection = null!;
    private Comparison tso = null!;
    private Comparison uso = null!;
    private string? compilerGap;
    private string? iperf3Gap;

    [OneTimeSetUp]
    public void MeasureInterleavedTrials()
    {
        Skip.Unless(HostCapabilities.HostLab);
        profile = ThroughputProfile.Load();
        var floors = profile.Floors;
        var batched = HostPathThroughput.Batched;
        injection = new Comparison("TAP injection vs C write() loop",
            new Measurement("harness TAP injection, MTU TCP frame", Quantity.FrameRate, floors?.TapInjectionFramesPerSecond),
            new Measurement("C write() loop, same TAP, same frame", Quantity.FrameRate),
            // Batched, the bound is the aim; the target is the write() loop's.
            batched ? profile.BatchedInjectionOverCWriteLoopAtLeast : profile.InjectionOverCWriteLoopAtLeast,
            batched ? null : profile.InjectionOverCWriteLoopTarget);
        tso = new Comparison("TSO injection vs iperf3 TCP",
            new Measurement($"harness TSO injection, {HostPathThroughput.SuperFramePayload} B TCPV4 super-frames", Quantity.BitRate, floors?.TsoInjectionBitsPerSecond),
            new Measurement("iperf3 TCP, br0 to far end", Quantity.BitRate),
            profile.TsoOverIperf3TcpAtLeast, profile.TsoOverIperf3TcpTarget);
        uso = new Comparison("USO injection vs iperf3 UDP",
            new Measurement($"harness USO injection, {HostPathThroughput.UdpSuperFramePayload} B UDP_L4 super-frames", Quantity.BitRate, floors?.UsoInjectionBitsPerSecond),
            new Measurement("iperf3 UDP, 1472 B datagrams unpaced, br0 to far end", Quantity.BitRate),
            profile.UsoOverIperf3UdpAtLeast, profile.UsoOverIperf3UdpTarget);
        compilerGap = PerfPrerequisites.CompilerGap();
        iperf3Gap = PerfPrerequisites.Iperf3Gap();
        if (compilerGap is not null && iperf3Gap is not null) return;

        var clock = Stopwatch.StartNew();
        using var loop = compilerGap is null ? CWriteLoop.Compile() : null;
        using var lab = HostLab.ForWritePath(new TapOptions(VnetHeader: true), new NicOptions(TxChecksumming: true, Tso: true));
        if (iperf3Gap is null) Iperf3.AddClientAddress(lab);
        var frame = HostPathThroughput.WriteBytes(lab, InjectedFrames.MtuTcp);
        var trial = profile.PeerTrial;
        var maxFrames = (long)(trial.TotalSeconds * MaxLoopFramesPerSecond);
        HostPathThroughput.Measure(lab, InjectedFrames.MtuTcp, TimeSpan.FromMilliseconds(200)); // JIT and tiering, not counted

        for (var i = 0; i < profile.PeerTrials; i++)
        {
            var harnessFirst = i % 2 == 0;
            if (loop is not null)
                Pair(injection, harnessFirst, () => HostPathThroughput.Measure(lab, InjectedFrames.MtuTcp, trial), () => loop.Measure(lab, frame, trial, maxFrames));
            if (iperf3Gap is not null || i >= profile.OffloadPeerTrials) continue;
            Pair(tso, harnessFirst, () => HostPathThroughput.Measure(lab, InjectedFrames.TcpGso, trial), () => Iperf3.MeasureTcp(lab, trial));
            Pair(uso, harnessFirst, () => HostPathThroughput.Measure(lab, InjectedFrames.UdpGso, trial), () => Iperf3.MeasureUdp(lab, trial));
        }

        PerfRun.Record(new PerfSection("Harness vs peers",
            $"profile '{profile.Name}', {profile.PeerTrials} interleaved trials of {trial.TotalSeconds} s per side ({profile.OffloadPeerTrials} of them also TSO and USO), " +
            $"{Environment.ProcessorCount} CPUs, kernel {KernelVersion.RunningRelease}; the harness injects by {HostPathThroughput.Method}; all counted at the far end's rx counters " +
            $"(measured in {clock.Elapsed.TotalSeconds:F0} s)",
            [injection, tso, uso]));
    }

    [Test]
    public void Harness_TAP_injection_sends_at_least_r_times_the_frames_per_second_of_a_C_write_loop_on_the_same_TAP()
    {
        if (compilerGap is not null) Assert.Ignore(compilerGap);
        PerfBounds.AssertRatio(profile, injection, profile.PeerTrials);
    }

    [Test]
    public void Harness_TSO_injection_carries_at_least_k_times_the_bytes_per_second_of_iperf3_TCP_on_the_same_bridge_and_veth()
    {
        if (iperf3Gap is not null) Assert.Ignore(iperf3Gap);
        PerfBounds.AssertRatio(profile, tso, profile.OffloadPeerTrials);
    }

    [Test]
    public void Harness_USO_injection_carries_at_least_k_times_the_bytes_per_second_of_iperf3_UDP_on_the_same_bridge_and_veth()
    {
        if (iperf3Gap is not null) Assert.Ignore(iperf3Gap);
        PerfBounds.AssertRatio(profile, uso, profile.OffloadPeerTrials);
    }

    [Test]
    public void The_harness_rates_stay_above_the_named_profiles_absolute_floors() =>
        PerfBounds.AssertFloors(profile, [injection.Subject, tso.Subject, uso.Subject]);

    /// <summary>Measures harness and peer back to back, in the given order, and records the pair.</summary>
    private static void Pair(Comparison comparison, bool harnessFirst, Func<ThroughputSample> harness, Func<ThroughputSample> peer)
    {
        if (harnessFirst)
        {
            comparison.Subject.Add(harness());
            comparison.Reference.Add(peer());
        }
        else
        {
            comparison.Reference.Add(peer());
            comparison.Subject.Add(harness());
        }
    }
}
