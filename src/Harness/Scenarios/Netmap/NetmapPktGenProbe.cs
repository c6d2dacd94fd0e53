using Vnetconf.Guest;
using Vnetconf.Links;
using Vnetconf.Model;
using Vnetconf.Netmap;
using Vnetconf.Packets;

namespace Vnetconf.Scenarios;

/// <summary>
/// netmap's own pkt-gen beside the agent, on the same cell (issue 14): where the user gave a static pkt-gen of the build
/// (<see cref="NetmapTools"/>), each netmap RX/TX cell also runs it in the guest on netmap:eth0 under the cell's admode,
/// and compares what it saw with what the agent saw of the same frame on the same port. The suite's observation and
/// netmap's own tool must agree: <see cref="Agrees"/> is expected "yes", and any difference is a deviation that names
/// it (an error of the suite, never a behaviour of netmap). Without pkt-gen the cells are left as they are.
/// </summary>
/// <remarks>
/// RX: pkt-gen <c>-f rx -X -W</c> dumps every slot it receives (dump_payload: slot length and bytes); a marked frame is
/// injected on tap0, then injected again while the agent holds the port. Compared: the adapter each REGISTER got, the
/// slot length, where the Ethernet header starts, and the bytes from there on (the bytes before it, the 2 stale
/// bytes of the native mrg_rxbuf=off cells, may differ between two buffers and are not compared).
/// TX: pkt-gen <c>-f tx -n 1 -X</c> sends one frame of its own and dumps the slot it filled; the agent sends a
/// marked frame. Compared: the adapter, and how each frame arrived on tap0 against what its sender put in the slot
/// (<see cref="NetmapAspects.FrameAsSeen"/>: "as sent", "first 2 bytes missing"…).
/// </remarks>
public static class NetmapPktGenProbe
{
    /// <summary>The aspect: "yes", or "no: " and each difference in words.</summary>
    public const string Agrees = "pkt-gen agrees";
    public const string Yes = "yes";

    private const string Reason =
        "pkt-gen, netmap's own tool of the same build, opens the same port with the same adapter and reads or fills the same slots: " +
        "what it sees and what the suite's agent observes must be the same, so a difference is an error of the suite";
    private const string ReceiveSource = "netmap apps/pkt-gen/pkt-gen.c receiver_body(), receive_packets(), dump_payload(); the agent: NetmapPort.Receive";
    private const string TransmitSource = "netmap apps/pkt-gen/pkt-gen.c sender_body(), send_packets(), dump_payload(); the agent: NetmapPort.Transmit";

    /// <summary>What pkt-gen prints on stderr (D("Ready...") in start_threads) once it has registered the port and is about to run.</summary>
    public const string ReadyText = "Ready...";

    /// <summary>pkt-gen starts (exec, REGISTER, its <c>-w</c> second of waiting for the link) within this, even under TCG.</summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    /// <summary>An RX pkt-gen ends one second after the last frame (-W); a TX one once its frame left. Past this it is interrupted.</summary>
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(15);

    /// <summary>pkt-gen's options for RX: dump every slot (-X), end after 1 s without frames once one came (-W), wait 1 s for the link (-w).</summary>
    public static readonly IReadOnlyList<string> ReceiveArguments = ["-f", "rx", "-X", "-W", "-w", "1"];

    /// <summary>pkt-gen's options for TX: one frame (-n 1) of its own UDP packet, dumped (-X).</summary>
    public static readonly IReadOnlyList<string> TransmitArguments = ["-f", "tx", "-n", "1", "-X", "-w", "1"];

    /// <summary>Adds the RX cross-check to <paramref name="cell"/> when the guest has pkt-gen; returns it unchanged otherwise.</summary>
    public static (Expectation Expected, Observation Observed) Receive(ILabGuest guest, NetmapGuestScenario scenario, (Expectation Expected, Observation Observed) cell) =>
        With(cell, ReceiveSource, CrossCheckReceive(guest, scenario));

    /// <summary>Adds the TX cross-check to <paramref name="cell"/> when the guest has pkt-gen; returns it unchanged otherwise.</summary>
    public static (Expectation Expected, Observation Observed) Transmit(ILabGuest guest, NetmapGuestScenario scenario, (Expectation Expected, Observation Observed) cell) =>
        With(cell, TransmitSource, CrossCheckTransmit(guest, scenario));

    private static (Expectation Expected, Observation Observed) With((Expectation Expected, Observation Observed) cell, string source, (string Verdict, List<string> Notes)? check)
    {
        if (check is not { } done) return cell;
        cell.Expected.Add(Agrees, Yes, Reason, source);
        cell.Observed.Aspects[Agrees] = done.Verdict;
        cell.Observed.Notes.AddRange(done.Notes);
        return cell;
    }

    /// <summary>Null when the guest has no pkt-gen; else the verdict and pkt-gen's and the agent's views as notes.</summary>
    private static (string Verdict, List<string> Notes)? CrossCheckReceive(ILabGuest guest, NetmapGuestScenario scenario)
    {
        var marker = $"vnetconf pkt-gen rx {scenario.Name}";
        var frame = NetmapAspects.MarkedUdpFrame(LabAddresses.GuestToStack(IpFamily.IPv4).Reversed(), marker, L4ChecksumMode.Partial, out var built);
        void Inject() => NetmapGuestProbe.InjectTowardGuest(guest, built.OffloadHeader(), frame);

        var start = guest.Agent.PktGenStart(NetmapGuestProbe.GuestPort, scenario.Mode, ReceiveArguments, ReadyText, StartTimeout);
        if (start.Absent) return null;
        var notes = new List<string> { $"pkt-gen {string.Join(' ', ReceiveArguments)} on {NetmapGuestProbe.GuestPort}: adapter {start.Adapter} ({start.AdapterEvidence})" };
        if (NotReady(start, notes) is { } failed) return failed;
        Inject();
        var end = guest.Agent.PktGenWait(start.ToolId!.Value, RunTimeout);
        var (seen, unreadable) = MarkedSlot(end, notes, slot => NetmapAspects.Carries(slot.Bytes, marker));
        if (unreadable is not null) return (unreadable, notes);

        var open = guest.Agent.NetmapOpen(NetmapGuestProbe.GuestPort, scenario.Mode);
        if (open.Refusal is not null) return ($"no: pkt-gen could open {NetmapGuestProbe.GuestPort}, the agent could not ({open.Refusal})", notes);
        NetmapReceivedFrame? received;
        try
        {
            Inject();
            received = NetmapAspects.ReceiveMarked(left => guest.Agent.NetmapReceive(open.PortId!.Value, count: 1, NetmapAspects.LeadingBytes, left), marker);
        }
        finally
        {
            guest.Agent.NetmapClose(open.PortId!.Value);
        }
        if (received is not null)
            notes.Add($"agent: slot {received.Length} B (ring {received.Ring}, slot {received.Slot}), first bytes {Hex(received.LeadingBytes)}");
        return (CompareReceived(seen, received, frame, start.Adapter, open.Adapter), notes);
    }

    /// <summary>Null when the guest has no pkt-gen; else the verdict and pkt-gen's and the agent's views as notes.</summary>
    private static (string Verdict, List<string> Notes)? CrossCheckTransmit(ILabGuest guest, NetmapGuestScenario scenario)
    {
        var marker = $"vnetconf pkt-gen tx {scenario.Name}";
        var frame = NetmapAspects.MarkedUdpFrame(LabAddresses.GuestToStack(IpFamily.IPv4), marker, L4ChecksumMode.Complete, out _);

        using var pktGenCapture = PacketCapture.Open(guest.Lab.Stack, HostLab.TapName);
        var start = guest.Agent.PktGenStart(NetmapGuestProbe.GuestPort, scenario.Mode, TransmitArguments, ReadyText, StartTimeout);
        if (start.Absent) return null;
        var notes = new List<string> { $"pkt-gen {string.Join(' ', TransmitArguments)} on {NetmapGuestProbe.GuestPort}: adapter {start.Adapter} ({start.AdapterEvidence})" };
        if (NotReady(start, notes) is { } failed) return failed;
        var end = guest.Agent.PktGenWait(start.ToolId!.Value, RunTimeout);
        var (sent, unreadable) = MarkedSlot(end, notes, _ => true);
        if (unreadable is not null) return (unreadable, notes);
        if (sent is null) return ("no: pkt-gen dumped no slot it sent", notes);
        // pkt-gen's payload is its own text; its last bytes find the frame on tap0 even when leading bytes went missing.
        var tail = sent.Bytes[^Math.Min(16, sent.Bytes.Length)..];
        var pktGenSeen = pktGenCapture.ReceiveMatching(f => f.Bytes.AsSpan().IndexOf(tail) >= 0, 1, NetmapAspects.FrameWait).FirstOrDefault();
        var pktGenWords = pktGenSeen is null ? NetmapAspects.NoFrame : NetmapAspects.FrameAsSeen(pktGenSeen.Bytes, sent.Bytes);
        notes.Add($"pkt-gen's frame on tap0: {pktGenWords}{(pktGenSeen is null ? "" : $", first bytes {Hex(pktGenSeen.Bytes)}")}");

        var open = guest.Agent.NetmapOpen(NetmapGuestProbe.GuestPort, scenario.Mode);
        if (open.Refusal is not null) return ($"no: pkt-gen could open {NetmapGuestProbe.GuestPort}, the agent could not ({open.Refusal})", notes);
        CapturedFrame? agentSeen;
        try
        {
            using var capture = PacketCapture.Open(guest.Lab.Stack, HostLab.TapName);
            guest.Agent.NetmapTransmit(open.PortId!.Value, frame);
            agentSeen = capture.ReceiveMatching(f => NetmapAspects.Carries(f.Bytes, marker), 1, NetmapAspects.FrameWait).FirstOrDefault();
        }
        finally
        {
            guest.Agent.NetmapClose(open.PortId!.Value);
        }
        var agentWords = agentSeen is null ? NetmapAspects.NoFrame : NetmapAspects.FrameAsSeen(agentSeen.Bytes, frame);
        notes.Add($"agent: sent {frame.Length} B, on tap0: {agentWords}{(agentSeen is null ? "" : $", first bytes {Hex(agentSeen.Bytes)}")}");

        var differences = new List<string>();
        if (AdapterDifference(start.Adapter, open.Adapter) is { } adapter) differences.Add(adapter);
        if (pktGenWords != agentWords) differences.Add($"on tap0 pkt-gen's frame arrived {pktGenWords}, the agent's {agentWords}");
        return (Verdict(differences), notes);
    }

    /// <summary>
    /// The words comparing pkt-gen's slot of the marked frame with the agent's: "yes", or "no: " and what differs (the
    /// adapter, the slot length, the Ethernet header's offset, the frame's bytes from that offset). Both seeing no frame agree.
    /// </summary>
    public static string CompareReceived(PktGenSlot? pktGen, NetmapReceivedFrame? agent, ReadOnlySpan<byte> injected, string? pktGenAdapter, string? agentAdapter)
    {
        var differences = new List<string>();
        if (AdapterDifference(pktGenAdapter, agentAdapter) is { } adapter) differences.Add(adapter);
        if (pktGen is null || agent is null)
        {
            if (pktGen is not null || agent is not null)
                differences.Add(pktGen is null ? "pkt-gen saw no marked frame, the agent did" : "the agent saw no marked frame, pkt-gen did");
            return Verdict(differences);
        }
        if (pktGen.Length != agent.Length) differences.Add($"slot length {pktGen.Length} (pkt-gen) vs {agent.Length} (agent)");
        var pktGenOffset = NetmapAspects.EthernetOffsetOf(pktGen.Bytes, injected);
        var agentOffset = NetmapAspects.EthernetOffsetOf(agent.LeadingBytes, injected);
        if (pktGenOffset != agentOffset)
        {
            differences.Add($"Ethernet header at {Offset(pktGenOffset)} (pkt-gen) vs {Offset(agentOffset)} (agent)");
            return Verdict(differences);
        }
        // From the Ethernet header on, over what both have (the agent copies at most LeadingBytes of a slot).
        var start = pktGenOffset ?? 0;
        var count = Math.Min(pktGen.Bytes.Length, agent.LeadingBytes.Length) - start;
        var ours = pktGen.Bytes.AsSpan(start, Math.Max(0, count));
        var theirs = agent.LeadingBytes.AsSpan(start, Math.Max(0, count));
        var differsAt = ours.CommonPrefixLength(theirs);
        if (differsAt < ours.Length)
            differences.Add($"frame byte {differsAt} (slot byte {start + differsAt}) is 0x{ours[differsAt]:x2} (pkt-gen) vs 0x{theirs[differsAt]:x2} (agent)");
        return Verdict(differences);
    }

    private static string Offset(int? offset) => offset is { } at ? $"byte {at}" : "no byte (not found)";

    private static string? AdapterDifference(string? pktGen, string? agent) =>
        pktGen == agent || pktGen == nameof(NetmapAdapterKind.Unknown) || agent == nameof(NetmapAdapterKind.Unknown)
            ? null
            : $"adapter {pktGen} (pkt-gen) vs {agent} (agent)";

    private static string Verdict(List<string> differences) => differences.Count == 0 ? Yes : $"no: {string.Join("; ", differences)}";

    /// <summary>The verdict of a pkt-gen that ended (or never said it was ready) before the frame: it could not run the cell.</summary>
    private static (string Verdict, List<string> Notes)? NotReady(NetmapToolReply start, List<string> notes)
    {
        if (start.ToolId is not null) return null;
        notes.Add($"pkt-gen stderr: {Tail(start.Stderr)}");
        return ($"no: pkt-gen ended before it was ready (exit {start.ExitCode}{(start.TimedOut ? ", interrupted" : "")}): {LastLine(start.Stderr)}", notes);
    }

    /// <summary>pkt-gen's dumped slots, the first that <paramref name="wanted"/> matches, or the verdict when its dump cannot be read.</summary>
    private static (PktGenSlot? Slot, string? Unreadable) MarkedSlot(NetmapToolReply end, List<string> notes, Func<PktGenSlot, bool> wanted)
    {
        // Its whole stdout on one line (reports keep a note to a line): each line break reads " ⏎ ".
        notes.Add($"pkt-gen exit {end.ExitCode}{(end.TimedOut ? " (interrupted at the deadline)" : "")}; stdout: {string.Join(LineBreak, (end.Stdout ?? "").TrimEnd('\n').Split('\n'))}");
        IReadOnlyList<PktGenSlot> slots;
        try
        {
            slots = PktGenDump.Parse(end.Stdout ?? "");
        }
        catch (FormatException e)
        {
            return (null, $"no: pkt-gen's dump could not be read: {e.Message}");
        }
        var slot = slots.FirstOrDefault(wanted);
        notes.Add(slot is null
            ? $"pkt-gen dumped {slots.Count} slot(s), none the cell's"
            : $"pkt-gen: slot {slot.Length} B (cur {slot.Cur}, buf {slot.BufferIndex}, flags 0x{slot.Flags:x4}), first bytes {Hex(slot.Bytes)}");
        return (slot, null);
    }

    /// <summary>What stands for a line break of pkt-gen's output in a note.</summary>
    public const string LineBreak = " ⏎ ";

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes.AsSpan(0, Math.Min(24, bytes.Length)));

    private static string LastLine(string? text) => text?.Trim().Split('\n')[^1].Trim() ?? "";

    private static string Tail(string? text)
    {
        var lines = (text ?? "").Trim().Split('\n');
        return string.Join(LineBreak, lines[^Math.Min(5, lines.Length)..].Select(l => l.Trim()));
    }
}
