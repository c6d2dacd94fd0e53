using System.Diagnostics;
using Vnetconf.Interop;
using Vnetconf.Packets;

namespace Vnetconf.Scenarios;

/// <summary>What one lab's block of the corpus did: each case's outcome in <see cref="CorpusOutcome"/>'s words, and how fast.</summary>
/// <param name="Replays">cases written again alone because a batch's counters could not say which of them dropped where</param>
/// <param name="StrayFrames">frames at the far end that named no case (the bridge's own traffic)</param>
public sealed record CorpusLabRun(CorpusLab Lab, IReadOnlyDictionary<int, string> Outcomes, TimeSpan Elapsed, int Batches, int Replays, int StrayFrames)
{
    public double CasesPerSecond => Outcomes.Count / Elapsed.TotalSeconds;

    public override string ToString() =>
        $"{Lab}: {Outcomes.Count} cases in {Elapsed.TotalSeconds:F2} s ({CasesPerSecond:F0} cases/s), {Batches} batches, {Replays} replayed alone, {StrayFrames} stray frames";
}

/// <summary>
/// Writes a lab's block of the corpus into one write-path lab and observes each case: rejected (write()'s errno),
/// delivered (the frames the far end's AF_PACKET saw, found by the case index every frame carries), or dropped (and
/// the counter that moved). Cases go in batches: after each batch a marker frame, and once the far end has seen it,
/// every frame of the batch has been seen (the write path runs in the writer's context, frame after frame), so no
/// wait is a guess; the counters are read once per batch.
/// </summary>
public static class CorpusProbe
{
    /// <summary>Long enough for a marker on any machine; a marker that never comes is an error, never a timeout guessed at.</summary>
    private static readonly TimeSpan MarkerTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Cases per batch, and the bytes a batch may put in the capture's 8 MiB buffer (segments counted with their overhead).</summary>
    private const int MaxBatch = 200;
    private const int ByteBudget = 3 << 20;
    private const int PerFrameOverhead = 1024;

    /// <summary>Marker frames name 0x40000000 + the batch number; case indices stay below it.</summary>
    private const int MarkerBase = 0x4000_0000;

    public static CorpusLabRun Observe(HeaderCorpus corpus, CorpusLab lab)
    {
        var clock = Stopwatch.StartNew();
        using var hostLab = HostLab.ForWritePath(new TapOptions(lab.VnetHeader, Math.Max(lab.TapHeaderSize, VirtioNetHeader.LegacySize)),
            new NicOptions(lab.NicOffloads, lab.NicOffloads));
        using var capture = PacketCapture.Open(hostLab.FarOrThrow, HostLab.WireName);
        var run = new Run(hostLab, capture, lab);
        var batch = new List<(int Index, byte[] Bytes)>();
        var budget = 0;
        var before = run.Counters();
        foreach (var index in corpus.IndicesOf(lab))
        {
            var c = corpus.Case(index);
            var bytes = c.Bytes();
            if (run.Write(index, bytes))
            {
                batch.Add((index, bytes));
                budget += bytes.Length + PerFrameOverhead * Math.Max(1, bytes.Length / Math.Max(1, (int)c.Header.GsoSize));
            }
            if (batch.Count >= MaxBatch || budget >= ByteBudget)
            {
                run.Flush(batch, before);
                batch.Clear();
                budget = 0;
                before = run.Counters();
            }
        }
        if (batch.Count > 0) run.Flush(batch, before);
        return new CorpusLabRun(lab, run.Outcomes, clock.Elapsed, run.Batches, run.Replays, run.Strays);
    }

    private sealed class Run(HostLab lab, PacketCapture capture, CorpusLab setting)
    {
        public Dictionary<int, string> Outcomes { get; } = [];
        public int Batches { get; private set; }
        public int Replays { get; private set; }
        public int Strays { get; private set; }

        /// <summary>Writes one case; false (and its outcome recorded) when write() refused it.</summary>
        public bool Write(int index, byte[] bytes)
        {
            try
            {
                lab.Tap.Write(bytes);
                return true;
            }
            catch (SyscallException e)
            {
                Outcomes[index] = FrameAspects.Rejected(e.ErrnoName);
                return false;
            }
        }

        /// <summary>Ends a batch: waits for its marker, attributes the frames, and the drops to counters (replaying when ambiguous).</summary>
        public void Flush(IReadOnlyList<(int Index, byte[] Bytes)> batch, IReadOnlyDictionary<string, long> before)
        {
            var seen = AwaitMarker();
            var after = Counters();
            var dropped = new List<(int Index, byte[] Bytes)>();
            foreach (var (index, bytes) in batch)
            {
                if (seen.TryGetValue(index, out var shapes)) Outcomes[index] = CorpusOutcome.Delivered(shapes);
                else dropped.Add((index, bytes));
            }
            if (dropped.Count > 0)
            {
                var moved = Moved(before, after);
                if (moved.Count == 0)
                    foreach (var (index, _) in dropped) Outcomes[index] = CorpusOutcome.Dropped(CorpusOutcome.NoCounter);
                else if (moved.Count == 1 && moved[0].Delta == dropped.Count)
                    foreach (var (index, _) in dropped) Outcomes[index] = CorpusOutcome.Dropped(moved[0].Name);
                else
                    foreach (var (index, bytes) in dropped) Replay(index, bytes);
            }
        }

        /// <summary>One case alone, so that whatever counter moves is its own.</summary>
        private void Replay(int index, byte[] bytes)
        {
            Replays++;
            var before = Counters();
            if (!Write(index, bytes)) return;
            var seen = AwaitMarker();
            if (seen.TryGetValue(index, out var shapes))
            {
                Outcomes[index] = CorpusOutcome.Delivered(shapes);
                return;
            }
            var moved = Moved(before, Counters());
            Outcomes[index] = CorpusOutcome.Dropped(moved.Count == 0 ? CorpusOutcome.NoCounter : string.Join(" + ", moved.Select(m => m.Name)));
        }

        /// <summary>Writes the marker of a new batch and reads the far end up to it; returns each case's frame shapes in arrival order.</summary>
        private Dictionary<int, List<string>> AwaitMarker()
        {
            var marker = MarkerBase + Batches++;
            Span<byte> payload = stackalloc byte[HeaderCorpus.MarkerBlockSize];
            HeaderCorpus.Mark(payload, marker);
            var frame = new byte[FrameBuilder.UdpFrameLength(LabAddresses.GuestToStack(IpFamily.IPv4), payload.Length)];
            FrameBuilder.Udp(frame, LabAddresses.GuestToStack(IpFamily.IPv4), payload, L4ChecksumMode.Complete);
            lab.Tap.Write(setting.VnetHeader ? HostileFrames.Compose(default, setting.TapHeaderSize, frame) : frame);

            var seen = new Dictionary<int, List<string>>();
            var deadline = Stopwatch.StartNew();
            while (true)
            {
                var left = MarkerTimeout - deadline.Elapsed;
                if (left <= TimeSpan.Zero || capture.Receive(left) is not { } received)
                    throw new TimeoutException($"{setting}: the marker of batch {marker - MarkerBase} did not reach {HostLab.WireName} within {MarkerTimeout.TotalSeconds} s");
                if (received.Direction == PacketDirection.Outgoing) continue;
                var index = HeaderCorpus.CaseOf(received);
                if (index == marker) break;
                if (index < 0 || index >= MarkerBase)
                {
                    Strays++;
                    continue;
                }
                if (!seen.TryGetValue(index, out var shapes)) seen[index] = shapes = [];
                shapes.Add(CorpusOutcome.FrameShape(received.Header, received.Checksum));
            }
            var drops = capture.Socket.TakeDrops();
            if (drops > 0)
                throw new InvalidOperationException($"{setting}: the far capture lost {drops} frames (its buffer overflowed), so this batch cannot be judged");
            return seen;
        }

        /// <summary>Every counter where the write path drops a frame without telling the writer.</summary>
        public Dictionary<string, long> Counters()
        {
            var net = lab.StackNetlink;
            var tap = net.GetLink(HostLab.TapName).Stats;
            var bridge = net.GetLink(HostLab.BridgeName).Stats;
            var nic = net.GetLink(HostLab.NicName).Stats;
            var wire = lab.WireStats();
            var snmp = Links.ProcNet.ReadSnmp(lab.Stack);
            return new Dictionary<string, long>(StringComparer.Ordinal)
            {
                [$"{HostLab.TapName} rx_dropped"] = (long)tap.RxDropped,
                [$"{HostLab.TapName} rx_frame_errors"] = (long)tap.RxFrameErrors,
                [$"{HostLab.BridgeName} rx_dropped"] = (long)bridge.RxDropped,
                [$"{HostLab.BridgeName} tx_dropped"] = (long)bridge.TxDropped,
                [$"{HostLab.NicName} tx_dropped"] = (long)nic.TxDropped,
                [$"{HostLab.NicName} tx_errors"] = (long)nic.TxErrors,
                [$"{HostLab.WireName} rx_dropped"] = (long)wire.RxDropped,
                // br_netfilter validates bridged IP headers and counts what it drops in the bridge's namespace.
                ["stack Ip.InHdrErrors"] = snmp.GetValueOrDefault("Ip.InHdrErrors"),
                ["stack Ip.InTruncatedPkts"] = snmp.GetValueOrDefault("Ip.InTruncatedPkts"),
                ["stack Ip6.InHdrErrors"] = snmp.GetValueOrDefault("Ip6.InHdrErrors"),
                ["stack Ip6.InTruncatedPkts"] = snmp.GetValueOrDefault("Ip6.InTruncatedPkts"),
            };
        }

        private static List<(string Name, long Delta)> Moved(IReadOnlyDictionary<string, long> before, IReadOnlyDictionary<string, long> after) =>
            after.Select(a => (a.Key, a.Value - before[a.Key])).Where(m => m.Item2 > 0).ToList();
    }
}
