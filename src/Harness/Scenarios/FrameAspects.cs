using Vnetconf.Model;

using Vnetconf.Packets;

namespace Vnetconf.Scenarios;

/// <summary>
/// The canonical words for what frames show. Observations describe captured frames with these functions and
/// the catalogue states expectations with the same ones, so the two can be compared as strings.
/// </summary>
public static class FrameAspects
{
    public const string Header = "header";
    public const string Checksum = "checksum";
    public const string Segmentation = "segmentation";
    public const string Delivery = "delivery";
    public const string AuxData = "auxdata";
    public const string NicOffloads = "nic offloads";

    /// <summary>The UDP-tunnel part of the virtio-net header: offsets and the outer-checksum flag (<see cref="TunnelWords"/>).</summary>
    public const string Tunnel = "tunnel header";

    /// <summary>What a write() into the TAP or a send() from a socket did, when that is part of what a cell documents.</summary>
    public const string TapWrite = "tap write";
    public const string SocketSend = "socket send";

    /// <summary>A write or send the kernel took; a refused one is <see cref="Rejected"/> with its errno.</summary>
    public const string Accepted = "accepted";

    private const string RejectedPrefix = "rejected: ";

    public static string Rejected(string errno) => RejectedPrefix + errno;

    public static bool IsRejected(string outcome) => outcome.StartsWith(RejectedPrefix, StringComparison.Ordinal);

    /// <summary><see cref="Accepted"/> when <paramref name="call"/> succeeds, else <see cref="Rejected"/> with the errno it failed with.</summary>
    public static string OutcomeOf(Action call)
    {
        try
        {
            call();
            return Accepted;
        }
        catch (Interop.SyscallException e)
        {
            return Rejected(e.ErrnoName);
        }
    }

    /// <summary>What every frame aspect reads when nothing was captured.</summary>
    public const string NoFrames = "no frames";

    /// <summary>The Ethernet MTU-sized frame: 1500 bytes of IP plus the Ethernet header.</summary>
    public const int MtuFrame = 1514;

    public static string HeaderLength(int length) => length == 0 ? "none" : $"{length} bytes";

    public static string HeaderOf(IEnumerable<CapturedFrame> frames) => Distinct(frames.Select(f => HeaderLength(f.HeaderLength)));

    /// <summary>"partial, NEEDS_CSUM 34+6", "complete, no flags", "partial, no header"…</summary>
    public static string ChecksumWords(ChecksumState state, VirtioNetHeader? header) =>
        $"{StateWord(state)}, {HeaderFlagWords(header)}";

    /// <summary>
    /// The checksum words of the frames, each distinct once. A frame that cannot tell partial from complete
    /// (<see cref="CapturedFrame.ChecksumUndecided"/>) is left to the frames that can, when there are any: without it, one
    /// partial frame in 65,535 of a header-less capture read as "complete" beside its partial neighbours.
    /// </summary>
    public static string ChecksumOf(IEnumerable<CapturedFrame> frames)
    {
        var all = frames.ToList();
        var decided = all.Where(f => !f.ChecksumUndecided).ToList();
        return Distinct((decided.Count > 0 ? decided : all).Select(f => ChecksumWords(f.Checksum, f.Header)));
    }

    /// <summary>
    /// A VXLAN frame's checksum words while its inner UDP checksum is partial: NEEDS_CSUM with csum_start at the inner UDP
    /// header (<see cref="TunnelFrameOffsets.InnerL4"/>) and csum_offset at its check field, one rule for every tunnel cell.
    /// </summary>
    public static string InnerUdpPartialWords(IpFamily family) => ChecksumWords(ChecksumState.Partial, new VirtioNetHeader
    {
        Flags = VirtioNetHeaderFlags.NeedsCsum, CsumStart = (ushort)TunnelFrameOffsets.InnerL4(family), CsumOffset = UdpHeader.ChecksumOffset,
    });

    /// <summary>PACKET_AUXDATA's checksum status words: "CSUMNOTREADY", "CSUM_VALID" or "none".</summary>
    public static string AuxStatusWords(uint status) =>
        (status & Interop.IfPacket.TP_STATUS_CSUMNOTREADY) != 0 ? "CSUMNOTREADY"
        : (status & Interop.IfPacket.TP_STATUS_CSUM_VALID) != 0 ? "CSUM_VALID"
        : "none";

    /// <summary>What PACKET_AUXDATA reports of the captured frames, one rule for every capture: CSUMNOTREADY while the checksum is partial.</summary>
    public static void ExpectAuxData(Expectation e, bool partial, string? holdsFor = null) =>
        e.Add(AuxData, partial ? "CSUMNOTREADY" : "none",
            partial ? "a CHECKSUM_PARTIAL skb is reported as TP_STATUS_CSUMNOTREADY" : "a CHECKSUM_NONE skb carries no checksum status before the IP layer has looked at it",
            "net/packet/af_packet.c: packet_rcv", holdsFor);

    /// <summary>
    /// What a VXLAN endpoint's socket receives of the lab's tunnelled UDP GSO send of <paramref name="bytes"/> in
    /// <paramref name="segmentSize"/> segments, one rule for every tunnel cell: the link decapsulates, the socket splits.
    /// </summary>
    /// <param name="endpoint">whose VXLAN link it is, in words: "the far", "the guest's"</param>
    public static void ExpectTunnelDelivery(Expectation e, string endpoint, int bytes, int segmentSize, string? holdsFor = null) =>
        e.Add(Delivery, DatagramDelivery(bytes / segmentSize, bytes),
            $"{endpoint} VXLAN link decapsulates, and its UDP socket splits a GSO skb into gso_size datagrams",
            "drivers/net/vxlan/vxlan_core.c: vxlan_rcv; net/ipv4/udp.c: udp_unexpected_gso → udp_rcv_segment", holdsFor);

    public static string AuxStatusOf(IEnumerable<CapturedFrame> frames) => Distinct(frames.Select(f => AuxStatusWords(f.AuxStatus)));

    /// <summary>"outer_th 34, inner_nh 64, UDP_TUNNEL_CSUM", or "none" for a header that says nothing of a tunnel.</summary>
    public static string TunnelWords(VirtioNetHeader? header)
    {
        if (header is not { } h) return "no header";
        var outerChecksum = h.Flags.HasFlag(VirtioNetHeaderFlags.UdpTunnelCsum);
        if (h.OuterThOffset == 0 && h.InnerNhOffset == 0 && !outerChecksum) return "none";
        return $"outer_th {h.OuterThOffset}, inner_nh {h.InnerNhOffset}{(outerChecksum ? ", UDP_TUNNEL_CSUM" : "")}";
    }

    public static string TunnelOf(IEnumerable<CapturedFrame> frames) => Distinct(frames.Select(f => TunnelWords(f.Header)));

    public static string NeedsCsum(int csumStart, int csumOffset) => $"NEEDS_CSUM {csumStart}+{csumOffset}";

    /// <summary>"1 × 200 B", "3 × 1000 B", "1 × 3000 B (UDP_L4 gso_size 1000)": frames grouped by payload and GSO.</summary>
    public static string SegmentsOf(IEnumerable<CapturedFrame> frames)
    {
        var groups = new List<(string Key, int Count)>();
        foreach (var frame in frames)
        {
            var key = Segment(frame.Parsed.PayloadLength, frame.Header);
            if (groups.Count > 0 && groups[^1].Key == key) groups[^1] = (key, groups[^1].Count + 1);
            else groups.Add((key, 1));
        }
        return groups.Count == 0 ? NoFrames : string.Join(" + ", groups.Select(g => $"{g.Count} × {g.Key}"));
    }

    /// <summary>"3 × 1000 B": <paramref name="count"/> frames of one payload size and GSO header, as <see cref="SegmentsOf"/> words them.</summary>
    public static string Frames(int count, int payload, VirtioNetHeader? header = null) => $"{count} × {Segment(payload, header)}";

    /// <summary>"27 × 1460 B + 1 × 580 B": what software segmentation of <paramref name="bytes"/> at <paramref name="size"/> gives.</summary>
    public static string SoftwareSegments(int bytes, int size)
    {
        var count = GsoSegmentation.SegmentCount(bytes, size);
        var last = GsoSegmentation.LastSegmentPayloadLength(bytes, size);
        return last == size ? Frames(count, size) : $"{Frames(count - 1, size)} + {Frames(1, last)}";
    }

    /// <summary>How much of a TCP stream arrived: "65536 of 65536 bytes".</summary>
    public static string StreamDelivery(long received, long sent) => $"{received} of {sent} bytes";

    /// <summary>How many datagrams, and bytes in them, a socket received: "1 datagram, 200 B".</summary>
    public static string DatagramDelivery(int datagrams, long bytes) => $"{datagrams} datagram{(datagrams == 1 ? "" : "s")}, {bytes} B";

    public static string Segment(int payload, VirtioNetHeader? header) =>
        header is { GsoType: not VirtioGsoType.None } h ? $"{payload} B ({Gso(h.GsoType, h.GsoSize)})" : $"{payload} B";

    public static string Gso(VirtioGsoType type, int size) => $"{VirtioNetHeader.GsoTypeText(type)} gso_size {size}";

    /// <summary>A TCP stream's shape: GSO super-frames (by type and size), oversized frames with no header, or MTU frames.</summary>
    public static string StreamShapeOf(IReadOnlyCollection<CapturedFrame> frames)
    {
        var gso = frames.Where(f => f.IsGso).Select(f => Gso(f.Header!.Value.GsoType, f.Header.Value.GsoSize)).Distinct().ToArray();
        if (gso.Length > 0) return $"super-frames: {string.Join(", ", gso)}";
        if (frames.Count == 0) return NoFrames;
        return frames.Any(f => f.Length > MtuFrame) ? $"frames over {MtuFrame} B with no GSO header" : $"frames of at most {MtuFrame} B";
    }

    private static string StateWord(ChecksumState state) => state switch
    {
        ChecksumState.CompleteValid => "complete",
        ChecksumState.Partial => "partial",
        ChecksumState.Invalid => "invalid",
        ChecksumState.Absent => "absent",
        _ => "not applicable",
    };

    private static string HeaderFlagWords(VirtioNetHeader? header)
    {
        if (header is not { } h) return "no header";
        var words = new List<string>();
        if (h.Flags.HasFlag(VirtioNetHeaderFlags.NeedsCsum)) words.Add(NeedsCsum(h.CsumStart, h.CsumOffset));
        if (h.Flags.HasFlag(VirtioNetHeaderFlags.DataValid)) words.Add("DATA_VALID");
        return words.Count == 0 ? "no flags" : string.Join(" ", words);
    }

    private static string Distinct(IEnumerable<string> values)
    {
        var distinct = values.Distinct().ToArray();
        return distinct.Length == 0 ? NoFrames : string.Join(" / ", distinct);
    }
}
