using System.Buffers.Binary;
using Vnetconf.Model;
using Vnetconf.Packets;

namespace Vnetconf.Scenarios;

/// <summary>How the corpus lab's TAP and NIC are set: the dimensions that need a lab of their own.</summary>
/// <param name="TapHeaderSize">TUNSETVNETHDRSZ, or 0 for a TAP without IFF_VNET_HDR</param>
/// <param name="NicOffloads">the veth NIC's tx-checksumming and TSO, both on or both off</param>
public sealed record CorpusLab(int TapHeaderSize, bool NicOffloads)
{
    public bool VnetHeader => TapHeaderSize > 0;

    public string Id => $"{(VnetHeader ? $"tap-{TapHeaderSize}" : "tap-novnet")}.nic-{(NicOffloads ? "on" : "off")}";

    public override string ToString() =>
        $"TAP {(VnetHeader ? $"vnet_hdr=on hdr={TapHeaderSize}" : "vnet_hdr=off")}, NIC offloads {(NicOffloads ? "on" : "off")}";
}

/// <summary>The network and transport protocol of a corpus frame.</summary>
public enum CorpusProtocol
{
    IPv4Tcp,
    IPv4Udp,
    IPv4Icmp,
    IPv4None,
    IPv6Tcp,
    IPv6Udp,
    IPv6Icmp,
    IPv6None,

    /// <summary>Neither IPv4 nor IPv6: a local-experimental EtherType carrying the payload.</summary>
    Other,
}

/// <summary>
/// One write of the corpus: the bytes a guest writes into the TAP (a virtio-net header of some size, then a frame)
/// and the classes they were drawn from. Everything follows from the corpus seed and <see cref="Index"/>.
/// </summary>
/// <param name="Classes">the drawn class of each field, e.g. "flags=needs-csum gso=tcpv4 csum=at-l4 …"</param>
public sealed record CorpusCase(int Index, CorpusLab Lab, string GsoClass, CorpusProtocol Protocol, int WrittenHeaderSize,
    VirtioNetHeader Header, byte[] Frame, string Classes)
{
    /// <summary>The header as written (<see cref="WrittenHeaderSize"/> bytes, none for 0), then the frame.</summary>
    public byte[] Bytes()
    {
        var bytes = new byte[WrittenHeaderSize + Frame.Length];
        if (WrittenHeaderSize > 0) Header.Write(bytes, WrittenHeaderSize);
        Frame.CopyTo(bytes.AsSpan(WrittenHeaderSize));
        return bytes;
    }

    /// <summary>The case in words, enough to rebuild it by hand: what a deviation names.</summary>
    public string Describe(ulong seed) =>
        $"case #{Index} (seed 0x{seed:x}): {Lab}; {WrittenHeaderSize}-byte header [{Header}] on a {Frame.Length}-byte {Protocol} frame; {Classes}";
}

/// <summary>
/// A seeded corpus of virtio-net header × frame combinations for the TAP write path. The cases are not stored: case
/// <c>i</c> is rebuilt from the seed and <c>i</c> alone. Each lab setting gets a contiguous block of
/// <see cref="CasesPerLab"/> cases; inside a block the flags class × gso_type class × protocol cross is enumerated
/// (so every combination occurs in every lab), and every other field is drawn from its classes by a generator keyed
/// by (seed, index).
/// </summary>
public sealed class HeaderCorpus(ulong seed, int casesPerLab)
{
    /// <summary>The seed of the corpus the suite runs; any other seed is another corpus.</summary>
    public const ulong DefaultSeed = 0x5EED_C0DE;

    /// <summary>10 labs × 1000 = 10,000 cases.</summary>
    public const int DefaultCasesPerLab = 1000;

    public const int MarkerBlockSize = 8;

    /// <summary>
    /// Every payload carries at least four marker blocks: a checksum the kernel writes into the payload (2 bytes, at
    /// most two blocks) leaves two intact blocks that agree, so any frame of a case can be told apart.
    /// </summary>
    public const int MinPayload = 4 * MarkerBlockSize;

    /// <summary>A UDP/TCP case's source port is this plus its index, so payload-less segments still name their case.</summary>
    public const int PortBase = 1024;

    /// <summary>Ports run out past this many cases.</summary>
    public const int MaxCases = ushort.MaxValue - PortBase;

    /// <summary>The first 4 bytes of each marker block; the next 4 are the case index, big-endian.</summary>
    public static ReadOnlySpan<byte> Magic => "vNc!"u8;

    /// <summary>An EtherType for local experiments (IEEE 802 "Local Experimental EtherType 1").</summary>
    public const ushort OtherEtherType = 0x88B5;

    /// <summary>An IPv4 protocol number reserved for experimentation (RFC 3692), for "IP with no transport header".</summary>
    public const byte IPv4NoTransport = 253;

    public static HeaderCorpus Default => new(DefaultSeed, DefaultCasesPerLab);

    public static IReadOnlyList<CorpusLab> Labs { get; } =
        [.. from size in new[] { 0, 10, 12, 20, 24 } from nic in new[] { true, false } select new CorpusLab(size, nic)];

    /// <summary>The flags byte's classes: none, NEEDS_CSUM, DATA_VALID, both, and bits no kernel defines for the write path.</summary>
    public static IReadOnlyList<string> FlagsClasses { get; } = ["none", "needs-csum", "data-valid", "both", "unknown-bits"];

    /// <summary>
    /// The gso_type byte's classes: every defined type, ECN alone and combined, the UDP-tunnel types (Linux 6.17+:
    /// 0x20 IPv4 outer, 0x40 IPv6 outer) with their inner types, both tunnel bits, a tunnel bit alone, and undefined values.
    /// </summary>
    public static IReadOnlyList<(string Name, byte[] Values)> GsoClasses { get; } =
    [
        ("none", [0x00]),
        ("tcpv4", [0x01]),
        ("udp", [0x03]),
        ("tcpv6", [0x04]),
        ("udp_l4", [0x05]),
        ("ecn", [0x80]),
        ("tcpv4-ecn", [0x81]),
        ("tcpv6-ecn", [0x84]),
        ("udp-ecn", [0x83]),
        ("udp_l4-ecn", [0x85]),
        ("tunnel4-tcpv4", [0x21]),
        ("tunnel6-tcpv6", [0x44]),
        ("tunnel4-udp_l4", [0x25, 0x45]),
        ("tunnel-both", [0x61, 0x64]),
        ("tunnel-alone", [0x20, 0x40]),
        ("undefined", [0x02, 0x06, 0x07, 0x10, 0x7F, 0xFF]),
    ];

    /// <summary>gso_size's classes: 0, 1, a small value, either side of and at the MSS and the payload, 0xFFFE, 0xFFFF (GSO_BY_FRAGS).</summary>
    public static IReadOnlyList<string> GsoSizeClasses => gsoSizeClasses;

    private static readonly string[] gsoSizeClasses = ["0", "1", "small", "mss-1", "mss", "mss+1", "payload-1", "payload", "payload+1", "0xfffe", "0xffff"];

    /// <summary>
    /// csum_start/csum_offset's classes: zero, inside the Ethernet header, at and inside the network header, at the
    /// transport header (with its own check offset and the other protocol's), at the payload, the last field, crossing,
    /// at and (by the offset) past the frame's end, and 0xFFFF for both.
    /// </summary>
    public static IReadOnlyList<string> CsumClasses => csumClasses;

    private static readonly string[] csumClasses =
        ["zero", "in-ethernet", "at-l3", "in-l3", "at-l4", "at-l4-other-offset", "at-payload", "last-field", "crossing-end", "past-end", "offset-past-end", "0xffff"];

    /// <summary>hdr_len's classes: 0, 1, below and at the Ethernet header, below, at and above the headers, the frame and past it, 0xFFFF.</summary>
    public static IReadOnlyList<string> HdrLenClasses => hdrLenClasses;

    private static readonly string[] hdrLenClasses = ["0", "1", "below-ethernet", "ethernet", "below-headers", "headers", "above-headers", "frame", "frame+1", "frame+2", "0xffff"];

    public ulong Seed { get; } = seed;
    public int CasesPerLab { get; } = casesPerLab > 0 && casesPerLab * Labs.Count <= MaxCases
        ? casesPerLab
        : throw new ArgumentOutOfRangeException(nameof(casesPerLab), casesPerLab, $"1 to {MaxCases / Labs.Count} cases per lab");

    public int Count => CasesPerLab * Labs.Count;

    /// <summary>The indices of <paramref name="lab"/>'s block.</summary>
    public IEnumerable<int> IndicesOf(CorpusLab lab)
    {
        var start = Labs.ToList().IndexOf(lab) * CasesPerLab;
        return Enumerable.Range(start, CasesPerLab);
    }

    /// <summary>The gso_type class of case <paramref name="index"/>, without building it.</summary>
    public string GsoClassOf(int index) =>
        GsoClasses[index % CasesPerLab % (FlagsClasses.Count * GsoClasses.Count * ProtocolCount) / ProtocolCount % GsoClasses.Count].Name;

    private static int ProtocolCount => Enum.GetValues<CorpusProtocol>().Length;

    /// <summary>Rebuilds case <paramref name="index"/>.</summary>
    public CorpusCase Case(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        var lab = Labs[index / CasesPerLab];
        var local = index % CasesPerLab;
        var protocols = Enum.GetValues<CorpusProtocol>();
        var cross = local % (FlagsClasses.Count * GsoClasses.Count * protocols.Length);
        var protocol = protocols[cross % protocols.Length];
        var (gsoName, gsoValues) = GsoClasses[cross / protocols.Length % GsoClasses.Count];
        var flagsName = FlagsClasses[cross / protocols.Length / GsoClasses.Count];
        var draw = new CorpusDraw(Seed, index);

        var gsoSizeClass = draw.Pick(gsoSizeClasses);
        var payloadClass = draw.Pick("tiny", "medium", "frame-1514", "frame-1518", "frame-1519", "large");
        var checksum = draw.Pick(L4ChecksumMode.Complete, L4ChecksumMode.Partial, L4ChecksumMode.Zero, L4ChecksumMode.Garbage(WritePathCatalogue.GarbageChecksum));
        var headers = HeadersLength(protocol);
        var payload = payloadClass switch
        {
            "tiny" => draw.Between(MinPayload, 63),
            "medium" => draw.Between(64, 1000),
            "frame-1514" => 1514 - headers,
            "frame-1518" => 1518 - headers,
            "frame-1519" => 1519 - headers,
            _ => draw.Between(1600, 9000),
        };
        var mss = protocol is CorpusProtocol.IPv6Tcp or CorpusProtocol.IPv6Udp or CorpusProtocol.IPv6Icmp or CorpusProtocol.IPv6None
            ? LabAddresses.Mss(IpFamily.IPv6) : LabAddresses.Mss(IpFamily.IPv4);
        var gsoSize = gsoSizeClass switch
        {
            "0" => 0,
            "1" => 1,
            "small" => draw.Between(8, 100),
            "mss-1" => mss - 1,
            "mss" => mss,
            "mss+1" => mss + 1,
            "payload-1" => payload - 1,
            "payload" => payload,
            "payload+1" => payload + 1,
            "0xfffe" => 0xFFFE,
            _ => 0xFFFF,
        };
        // Bounds the software segmentation a tiny gso_size could ask for: at most 64 segments per case.
        if (gsoSize > 0 && payload > 64 * gsoSize) payload = Math.Max(MinPayload, 64 * gsoSize);

        var frame = BuildFrame(protocol, index, payload, checksum);
        var l4 = EthernetHeader.Size + (protocol == CorpusProtocol.Other ? 0 : IsIPv6(protocol) ? IPv6Header.Size : IPv4Header.Size);
        var properOffset = protocol switch
        {
            CorpusProtocol.IPv4Tcp or CorpusProtocol.IPv6Tcp => TcpHeader.ChecksumOffset,
            CorpusProtocol.IPv4Udp or CorpusProtocol.IPv6Udp => UdpHeader.ChecksumOffset,
            CorpusProtocol.IPv4Icmp or CorpusProtocol.IPv6Icmp => 2,
            _ => 0,
        };
        var csumClass = draw.Pick(csumClasses);
        var (csumStart, csumOffset) = csumClass switch
        {
            "zero" => (0, 0),
            "in-ethernet" => (10, 6),
            "at-l3" => (EthernetHeader.Size, properOffset),
            "in-l3" => (EthernetHeader.Size + 6, properOffset),
            "at-l4" => (l4, properOffset),
            "at-l4-other-offset" => (l4, properOffset == TcpHeader.ChecksumOffset ? UdpHeader.ChecksumOffset : TcpHeader.ChecksumOffset),
            "at-payload" => (headers, 0),
            "last-field" => (frame.Length - 2, 0),
            "crossing-end" => (frame.Length - 1, 0),
            "past-end" => (frame.Length, 0),
            "offset-past-end" => (l4, frame.Length - l4),
            _ => (0xFFFF, 0xFFFF),
        };
        var hdrLenClass = draw.Pick(hdrLenClasses);
        var hdrLen = hdrLenClass switch
        {
            "0" => 0,
            "1" => 1,
            "below-ethernet" => EthernetHeader.Size - 1,
            "ethernet" => EthernetHeader.Size,
            "below-headers" => headers - 1,
            "headers" => headers,
            "above-headers" => headers + 1,
            "frame" => frame.Length,
            "frame+1" => frame.Length + 1,
            "frame+2" => frame.Length + 2,
            _ => 0xFFFF,
        };
        var flags = flagsName switch
        {
            "none" => VirtioNetHeaderFlags.None,
            "needs-csum" => VirtioNetHeaderFlags.NeedsCsum,
            "data-valid" => VirtioNetHeaderFlags.DataValid,
            "both" => VirtioNetHeaderFlags.NeedsCsum | VirtioNetHeaderFlags.DataValid,
            // RSC_INFO (4), UDP_TUNNEL_CSUM (8) and bits above: with or without the two the write path knows.
            _ => (VirtioNetHeaderFlags)(draw.Pick(0x04, 0x08, 0x10, 0x80, 0xF0) | draw.Pick(0, 1, 2, 3)),
        };
        var gso = draw.Pick(gsoValues);
        var header = new VirtioNetHeader
        {
            Flags = flags,
            GsoType = (VirtioGsoType)(gso & ~VirtioNetHeader.GsoEcnBit),
            Ecn = (gso & VirtioNetHeader.GsoEcnBit) != 0,
            HdrLen = (ushort)Math.Min(hdrLen, 0xFFFF),
            GsoSize = (ushort)Math.Min(gsoSize, 0xFFFF),
            CsumStart = (ushort)Math.Min(csumStart, 0xFFFF),
            CsumOffset = (ushort)Math.Min(csumOffset, 0xFFFF),
        };

        // Mostly the size the TAP expects; otherwise one of the others, so every size meets every TAP setting.
        int[] sizes = [0, VirtioNetHeader.LegacySize, VirtioNetHeader.MergeableSize, VirtioNetHeader.HashReportSize, VirtioNetHeader.TunnelSize];
        var written = draw.Between(0, 9) < 7 ? lab.TapHeaderSize : draw.Pick(sizes.Where(s => s != lab.TapHeaderSize).ToArray());
        // Fields past 10 bytes should be ignored on the write path: fill them with noise half the time.
        var noisy = draw.Between(0, 1) == 1;
        if (written >= VirtioNetHeader.MergeableSize && noisy) header = header with { NumBuffers = (ushort)draw.Between(1, 0xFFFF) };
        if (written >= VirtioNetHeader.HashReportSize && noisy) header = header with { HashValue = (uint)draw.Between(1, int.MaxValue), HashReport = (ushort)draw.Between(1, 9) };
        var tunnelClass = draw.Pick("zero", "plausible", "random");
        var (outerTh, innerNh) = tunnelClass switch
        {
            "zero" => (0, 0),
            // An outer UDP header at the frame's transport offset and an inner network header after 8 more bytes (VXLAN-sized).
            "plausible" => (l4, l4 + UdpHeader.Size + 8),
            _ => (draw.Between(0, 200), draw.Between(0, 200)),
        };

        var classes = $"flags={flagsName} gso={gsoName} gso_size={gsoSizeClass} payload={payloadClass} checksum={checksum} csum={csumClass} " +
                      $"hdr_len={hdrLenClass} header={(written == lab.TapHeaderSize ? "as-tap" : "mismatched")}{(noisy ? " noisy-tail" : "")} tunnel-offsets={tunnelClass}";
        // The offsets are drawn for every case, so that a case's other draws do not depend on its header size.
        if (written >= VirtioNetHeader.TunnelSize) header = header with { OuterThOffset = (ushort)outerTh, InnerNhOffset = (ushort)innerNh };
        return new CorpusCase(index, lab, gsoName, protocol, written, header, frame, classes);
    }

    /// <summary>
    /// The case a frame at the far end belongs to: the marker blocks after its network headers, else (a segment too
    /// short for one) its UDP/TCP source port; -1 for none. The network headers are left out because the kernel
    /// chooses bytes there (an IPv6 fragment's random identification, a segment's IPv4 ID and header checksum): a
    /// random identification ending in 'v' before a fragment whose data starts "Nc!" and an index made a block that
    /// named the case about one run in 256.
    /// </summary>
    public static int CaseOf(CapturedFrame frame)
    {
        var parsed = frame.Parsed;
        var afterNetworkHeaders = parsed.IPVersion == 0 ? 0 : Math.Min(parsed.L4Offset, frame.Bytes.Length);
        var marked = MarkedIndex(frame.Bytes.AsSpan(afterNetworkHeaders));
        if (marked >= 0) return marked;
        return parsed.HasTransportHeader && parsed.DestinationPort == LabAddresses.StackPort && parsed.SourcePort >= PortBase
            ? parsed.SourcePort - PortBase
            : -1;
    }

    /// <summary>
    /// The case index a frame carries in its marker blocks: the one two blocks agree on, or a lone block's (a short
    /// segment); -1 when there is none.
    /// </summary>
    public static int MarkedIndex(ReadOnlySpan<byte> frame)
    {
        var first = -1;
        Span<int> seen = stackalloc int[8];
        var count = 0;
        for (var at = frame.IndexOf(Magic); at >= 0 && at + MarkerBlockSize <= frame.Length; )
        {
            var index = BinaryPrimitives.ReadInt32BigEndian(frame[(at + Magic.Length)..]);
            if (seen[..count].Contains(index)) return index;
            if (count < seen.Length) seen[count++] = index;
            if (first < 0) first = index;
            var next = frame[(at + MarkerBlockSize)..].IndexOf(Magic);
            at = next < 0 ? -1 : at + MarkerBlockSize + next;
        }
        return count == 1 ? first : -1;
    }

    /// <summary>Fills <paramref name="payload"/> with marker blocks naming <paramref name="index"/> (the last one cut short).</summary>
    public static void Mark(Span<byte> payload, int index)
    {
        Span<byte> block = stackalloc byte[MarkerBlockSize];
        Magic.CopyTo(block);
        BinaryPrimitives.WriteInt32BigEndian(block[Magic.Length..], index);
        for (var at = 0; at < payload.Length; at += MarkerBlockSize)
            block[..Math.Min(MarkerBlockSize, payload.Length - at)].CopyTo(payload[at..]);
    }

    private static bool IsIPv6(CorpusProtocol p) => p is CorpusProtocol.IPv6Tcp or CorpusProtocol.IPv6Udp or CorpusProtocol.IPv6Icmp or CorpusProtocol.IPv6None;

    /// <summary>Bytes before the payload: Ethernet, IP and the transport header (ICMP echo: 8).</summary>
    private static int HeadersLength(CorpusProtocol p) => p switch
    {
        CorpusProtocol.Other => EthernetHeader.Size,
        _ => EthernetHeader.Size + (IsIPv6(p) ? IPv6Header.Size : IPv4Header.Size) + p switch
        {
            CorpusProtocol.IPv4Tcp or CorpusProtocol.IPv6Tcp => TcpHeader.SizeFor(Segment),
            CorpusProtocol.IPv4Udp or CorpusProtocol.IPv6Udp => UdpHeader.Size,
            CorpusProtocol.IPv4Icmp or CorpusProtocol.IPv6Icmp => 8,
            _ => 0,
        },
    };

    private static readonly TcpSegmentFields Segment = new(1, 1, TcpFlags.Ack | TcpFlags.Psh, ushort.MaxValue);

    private static byte[] BuildFrame(CorpusProtocol protocol, int index, int payloadLength, L4ChecksumMode checksum)
    {
        var family = IsIPv6(protocol) ? IpFamily.IPv6 : IpFamily.IPv4;
        var flow = LabAddresses.GuestToStack(family) with { SourcePort = (ushort)(PortBase + index) };
        var payload = new byte[payloadLength];
        Mark(payload, index);
        var frame = new byte[HeadersLength(protocol) + payloadLength];
        switch (protocol)
        {
            case CorpusProtocol.IPv4Tcp or CorpusProtocol.IPv6Tcp:
                FrameBuilder.Tcp(frame, flow, Segment, payload, checksum);
                break;
            case CorpusProtocol.IPv4Udp or CorpusProtocol.IPv6Udp:
                FrameBuilder.Udp(frame, flow, payload, checksum);
                break;
            case CorpusProtocol.Other:
                EthernetHeader.Write(frame, flow.DestinationMac, flow.SourceMac, (EtherType)OtherEtherType);
                payload.CopyTo(frame.AsSpan(EthernetHeader.Size));
                break;
            default:
                var icmp = protocol is CorpusProtocol.IPv4Icmp or CorpusProtocol.IPv6Icmp;
                var v6 = family == IpFamily.IPv6;
                var next = icmp ? (v6 ? IPProtocol.IcmpV6 : IPProtocol.Icmp) : (v6 ? IPProtocol.NoNextHeader : (IPProtocol)IPv4NoTransport);
                var at = EthernetHeader.Write(frame, flow.DestinationMac, flow.SourceMac, v6 ? EtherType.IPv6 : EtherType.IPv4);
                var l4Length = frame.Length - at - (v6 ? IPv6Header.Size : IPv4Header.Size);
                at += v6
                    ? IPv6Header.Write(frame.AsSpan(at), flow.SourceIP, flow.DestinationIP, next, l4Length)
                    : IPv4Header.Write(frame.AsSpan(at), flow.SourceIP, flow.DestinationIP, next, l4Length);
                var l4 = frame.AsSpan(at);
                if (icmp)
                {
                    l4[0] = v6 ? (byte)128 : (byte)8; // echo request
                    BinaryPrimitives.WriteUInt16BigEndian(l4[4..], (ushort)index);
                    payload.CopyTo(l4[8..]);
                    // ICMPv6 sums a pseudo-header (RFC 4443 2.3); ICMP for IPv4 does not.
                    var seed = v6 ? InternetChecksum.PseudoHeaderSum(flow.SourceIP, flow.DestinationIP, IPProtocol.IcmpV6, l4.Length) : (ushort)0;
                    BinaryPrimitives.WriteUInt16BigEndian(l4[2..], (ushort)~InternetChecksum.Sum(l4, seed));
                }
                else
                {
                    payload.CopyTo(l4);
                }
                break;
        }
        return frame;
    }
}

/// <summary>
/// The corpus's random choices: SplitMix64 keyed by (seed, index), so a case is the same on every runtime and
/// whatever other cases were built before it (System.Random promises neither).
/// </summary>
internal sealed class CorpusDraw(ulong seed, int index)
{
    private ulong state = seed ^ ((ulong)(uint)index * 0x9E37_79B9_7F4A_7C15UL);

    public int Between(int low, int high) => low + (int)(Next() % (ulong)(high - low + 1));

    public T Pick<T>(params T[] choices) => choices[Between(0, choices.Length - 1)];

    private ulong Next()
    {
        var z = state += 0x9E37_79B9_7F4A_7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EBUL;
        return z ^ (z >> 31);
    }
}
