using System.Text.Json;

namespace Vnetconf.Scenarios;

/// <summary>
/// Throughput bounds for a host, from fixtures/profiles/NAME.json. The default profile holds only ratios between
/// two paths measured in the same run, which hold on any host; a named profile may add absolute floors.
/// </summary>
public sealed record ThroughputProfile(string Name, double TsoOverMtuByteRateAtLeast, TimeSpan Trial, int Trials)
{
    /// <summary>The environment variable that names the profile to use (default: "default").</summary>
    public const string Variable = "VNETCONF_PROFILE";

    /// <summary>Perf: the harness's TAP injection frames/s over a C write() loop's on the same TAP, asserted.</summary>
    public double InjectionOverCWriteLoopAtLeast { get; init; }

    /// <summary>Perf: the ratio the harness aims for against the C loop; reported next to the bound, not asserted.</summary>
    public double InjectionOverCWriteLoopTarget { get; init; }

    /// <summary>
    /// Perf: the same ratio, asserted instead of <see cref="InjectionOverCWriteLoopAtLeast"/> where the harness batches
    /// its writes through io_uring (one system call a batch against the C loop's one a frame).
    /// </summary>
    public double BatchedInjectionOverCWriteLoopAtLeast { get; init; }

    /// <summary>Perf: the harness's TSO byte rate over iperf3 TCP's on the same bridge and veth, asserted.</summary>
    public double TsoOverIperf3TcpAtLeast { get; init; }

    /// <summary>Perf: the ratio the harness aims for against iperf3 TCP; reported, not asserted.</summary>
    public double TsoOverIperf3TcpTarget { get; init; }

    /// <summary>Perf: the harness's UDP_L4 GSO (USO) injection byte rate over iperf3 UDP's (MTU datagrams) on the same bridge and veth, asserted.</summary>
    public double UsoOverIperf3UdpAtLeast { get; init; }

    /// <summary>Perf: the ratio the harness aims for against iperf3 UDP; reported, not asserted.</summary>
    public double UsoOverIperf3UdpTarget { get; init; }

    /// <summary>Perf: how long each side of a harness-versus-peer trial runs.</summary>
    public TimeSpan PeerTrial { get; init; }

    /// <summary>Perf: how many interleaved trials of TAP injection against the C write() loop are run (the median is judged).</summary>
    public int PeerTrials { get; init; }

    /// <summary>
    /// Perf: how many of those trials also measure TSO and USO injection against iperf3 (the median is judged): their
    /// ratios lie far from their bounds, so they need fewer pairs than the injection's, which lies near its bound.
    /// </summary>
    public int OffloadPeerTrials { get; init; }

    /// <summary>Perf, guest path: bulk TCP goodput of guest TX with vnet_hdr on and the guest's TSO on over guest TX with vnet_hdr off, asserted.</summary>
    public double GuestTransmitVnetHeaderOverNoneAtLeast { get; init; }

    /// <summary>Perf, guest path: guest TX goodput with the guest's TSO on over TSO off, same guest (vnet_hdr on), asserted.</summary>
    public double GuestTransmitTsoOnOverOffAtLeast { get; init; }

    /// <summary>Perf, guest path: guest RX goodput with vnet_hdr on (super-frames into the guest) over vnet_hdr off, asserted.</summary>
    public double GuestReceiveVnetHeaderOverNoneAtLeast { get; init; }

    /// <summary>Perf, guest path: how long each timed bulk send runs.</summary>
    public TimeSpan GuestTrial { get; init; }

    /// <summary>Perf, guest path: the byte bound of each timed bulk send, besides its time bound.</summary>
    public long GuestTrialMaxBytes { get; init; }

    /// <summary>Perf, guest path: how many trials of each row are run, interleaved across the rows.</summary>
    public int GuestTrials { get; init; }

    /// <summary>Absolute floors for this host; null in a ratios-only profile such as "default".</summary>
    public ThroughputFloors? Floors { get; init; }

    /// <summary>Netmap: guest netmap:eth0 TX frames/s with the native adapter over the emulated one's, same guest, asserted.</summary>
    public double NetmapNativeOverGenericAtLeast { get; init; }

    /// <summary>Netmap: how long each adapter's timed transmission runs.</summary>
    public TimeSpan NetmapTrial { get; init; }

    /// <summary>Netmap: how many interleaved native-versus-generic trials are run (the median ratio is judged).</summary>
    public int NetmapTrials { get; init; }

    /// <summary>Header corpus: its cases per second over the harness's valid-frame injection on the same kind of lab, asserted.</summary>
    public double CorpusOverInjectionAtLeast { get; init; }

    /// <summary>Header corpus: the ratio the issue aims at, reported only.</summary>
    public double CorpusOverInjectionTarget { get; init; }

    /// <summary>Header corpus: how many interleaved corpus-versus-injection trials are run.</summary>
    public int CorpusTrials { get; init; }

    /// <summary>Perf, the suite's own pace: a TCG boot's time with QEMU's default CPU over the suite's (qemu64 with RDRAND), same kernel, asserted.</summary>
    public double DefaultCpuBootOverSuiteCpuAtLeast { get; init; }

    /// <summary>Perf, the suite's own pace: how many interleaved trials of each run are timed.</summary>
    public int RunTrials { get; init; }

    /// <summary>Perf, the suite's own pace: how many interleaved boots of each kernel and CPU are timed (boots are cheap and noisy).</summary>
    public int BootTrials { get; init; }

    /// <summary>
    /// Perf, how a run's cost grows with its stacks: n kernels run one after another (a run each) over the same n
    /// kernels as stacks of one run, asserted.
    /// </summary>
    public double StacksApartOverTogetherAtLeast { get; init; }

    /// <summary>Absolute ceilings on the suite's own time for this host; null in a ratios-only profile such as "default".</summary>
    public ThroughputCeilings? Ceilings { get; init; }

    /// <summary>
    /// Loads <c>NAME.json</c> from the profiles shipped beside the running program (fixtures/profiles, which the CLI
    /// and every test project copy into their output's profiles/); NAME from <see cref="Variable"/> or "default".
    /// </summary>
    public static ThroughputProfile Load(string? name = null)
    {
        name ??= Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } chosen ? chosen : "default";
        var path = Path.Combine(AppContext.BaseDirectory, "profiles", $"{name}.json");
        if (!File.Exists(path))
            throw new FileNotFoundException($"no throughput profile '{name}' ({path}); the profiles are the *.json files of fixtures/profiles", path);
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var host = json.RootElement.GetProperty("hostPath");
        var peers = json.RootElement.GetProperty("peers");
        var netmap = json.RootElement.GetProperty("netmap");
        var guest = json.RootElement.GetProperty("guestPath");
        var corpus = json.RootElement.GetProperty("corpus");
        var pace = json.RootElement.GetProperty("runPace");
        return new ThroughputProfile(
            name,
            host.GetProperty("tsoOverMtuByteRateAtLeast").GetDouble(),
            TimeSpan.FromSeconds(host.GetProperty("trialSeconds").GetDouble()),
            host.GetProperty("trials").GetInt32())
        {
            InjectionOverCWriteLoopAtLeast = peers.GetProperty("injectionOverCWriteLoopAtLeast").GetDouble(),
            InjectionOverCWriteLoopTarget = peers.GetProperty("injectionOverCWriteLoopTarget").GetDouble(),
            BatchedInjectionOverCWriteLoopAtLeast = peers.GetProperty("batchedInjectionOverCWriteLoopAtLeast").GetDouble(),
            TsoOverIperf3TcpAtLeast = peers.GetProperty("tsoOverIperf3TcpAtLeast").GetDouble(),
            TsoOverIperf3TcpTarget = peers.GetProperty("tsoOverIperf3TcpTarget").GetDouble(),
            UsoOverIperf3UdpAtLeast = peers.GetProperty("usoOverIperf3UdpAtLeast").GetDouble(),
            UsoOverIperf3UdpTarget = peers.GetProperty("usoOverIperf3UdpTarget").GetDouble(),
            PeerTrial = TimeSpan.FromSeconds(peers.GetProperty("trialSeconds").GetDouble()),
            PeerTrials = peers.GetProperty("trials").GetInt32(),
            OffloadPeerTrials = Math.Min(peers.GetProperty("offloadTrials").GetInt32(), peers.GetProperty("trials").GetInt32()),
            GuestTransmitVnetHeaderOverNoneAtLeast = guest.GetProperty("transmitVnetHeaderOverNoneAtLeast").GetDouble(),
            GuestTransmitTsoOnOverOffAtLeast = guest.GetProperty("transmitTsoOnOverOffAtLeast").GetDouble(),
            GuestReceiveVnetHeaderOverNoneAtLeast = guest.GetProperty("receiveVnetHeaderOverNoneAtLeast").GetDouble(),
            GuestTrial = TimeSpan.FromSeconds(guest.GetProperty("trialSeconds").GetDouble()),
            GuestTrialMaxBytes = guest.GetProperty("trialMaxBytes").GetInt64(),
            GuestTrials = guest.GetProperty("trials").GetInt32(),
            Floors = json.RootElement.TryGetProperty("floors", out var floors) ? ThroughputFloors.Read(floors) : null,
            NetmapNativeOverGenericAtLeast = netmap.GetProperty("nativeOverGenericTransmitAtLeast").GetDouble(),
            NetmapTrial = TimeSpan.FromSeconds(netmap.GetProperty("trialSeconds").GetDouble()),
            NetmapTrials = netmap.GetProperty("trials").GetInt32(),
            CorpusOverInjectionAtLeast = corpus.GetProperty("casesOverInjectionAtLeast").GetDouble(),
            CorpusOverInjectionTarget = corpus.GetProperty("casesOverInjectionTarget").GetDouble(),
            CorpusTrials = corpus.GetProperty("trials").GetInt32(),
            DefaultCpuBootOverSuiteCpuAtLeast = pace.GetProperty("defaultCpuBootOverSuiteCpuAtLeast").GetDouble(),
            RunTrials = pace.GetProperty("trials").GetInt32(),
            BootTrials = pace.GetProperty("bootTrials").GetInt32(),
            StacksApartOverTogetherAtLeast = pace.GetProperty("stacksApartOverTogetherAtLeast").GetDouble(),
            Ceilings = json.RootElement.TryGetProperty("ceilings", out var ceilings) ? ThroughputCeilings.Read(ceilings) : null,
        };
    }
}
