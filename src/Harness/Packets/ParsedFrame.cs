using System.Buffers.Binary;

namespace Vnetconf.Packets;

/// <summary>
/// The offsets and header fields of an Ethernet frame, read once by <see cref="TryParse"/>. It holds no reference
/// to the frame, so it can be stored with an observation; offsets index the frame it was parsed from.
/// <para>
/// Understood: Ethernet II with at most one 802.1Q tag; IPv4 (with options); IPv6 with hop-by-hop, routing,
/// destination-options and fragment extension headers; TCP (with MSS and window-scale options) and UDP. Anything
/// else (ARP, ICMP, ICMPv6, unknown types) parses as "no transport header" with the rest as payload.
/// </para>
/// </summary>
public readonly struct ParsedFrame
{
    /// <summary>Bytes of the frame as given (captured length).</summary>
    public int FrameLength { get; private init; }

    /// <summary>The Ethernet type after any VLAN tag.</summary>
    public EtherType EtherType { get; private init; }

    /// <summary>The 802.1Q tag control (priority, DEI, VLAN id) when the frame carries a tag; null otherwise.</summary>
    public ushort? VlanTagControl { get; private init; }

    /// <summary>Offset of the network header: 14, or 18 behind a VLAN tag.</summary>
    public int NetworkOffset { get; private init; }

    /// <summary>4 or 6 for IP frames; 0 for anything else, in which case no IP member below is meaningful.</summary>
    public int IPVersion { get; private init; }

    /// <summary>IP source address.</summary>
    public IPAddressBytes Source { get; private init; }

    /// <summary>IP destination address.</summary>
    public IPAddressBytes Destination { get; private init; }

    /// <summary>IPv4: IHL × 4. IPv6: 40 plus the extension headers walked to reach <see cref="Protocol"/>.</summary>
    public int IPHeaderLength { get; private init; }

    /// <summary>The IP packet's length as its header states it: IPv4 total length, or IPv6 40 + payload length.</summary>
    public int IPTotalLength { get; private init; }

    /// <summary>IPv4 protocol, or the IPv6 next header after the extension headers.</summary>
    public IPProtocol Protocol { get; private init; }

    /// <summary>IPv4 TTL or IPv6 hop limit.</summary>
    public byte TimeToLive { get; private init; }

    /// <summary>IPv4 identification, or the IPv6 fragment header's identification (0 without one).</summary>
    public uint Identification { get; private init; }

    /// <summary>The IPv4 DF bit.</summary>
    public bool DontFragment { get; private init; }

    /// <summary>The IPv4 MF bit, or the IPv6 fragment header's M flag.</summary>
    public bool MoreFragments { get; private init; }

    /// <summary>The fragment offset in bytes (the header field × 8).</summary>
    public int FragmentOffset { get; private init; }

    /// <summary>True for any IP fragment, first and last included.</summary>
    public bool IsFragment => MoreFragments || FragmentOffset != 0;

    /// <summary>True when the IPv4 header checksum verifies; always true for IPv6, which has none.</summary>
    public bool IPv4HeaderChecksumValid { get; private init; }

    /// <summary>Offset of the transport header (whatever the protocol): the virtio <c>csum_start</c> for TCP/UDP.</summary>
    public int L4Offset { get; private init; }

    /// <summary>Transport header plus payload as the IP header states it: the pseudo-header's length.</summary>
    public int L4Length => IPTotalLength - IPHeaderLength;

    /// <summary>
    /// True when a TCP or UDP header was read. False for other protocols and for IP fragments other than the
    /// first, which carry no transport header.
    /// </summary>
    public bool HasTransportHeader { get; private init; }

    /// <summary>True when a TCP header was read.</summary>
    public bool IsTcp => HasTransportHeader && Protocol == IPProtocol.Tcp;

    /// <summary>True when a UDP header was read.</summary>
    public bool IsUdp => HasTransportHeader && Protocol == IPProtocol.Udp;

    /// <summary>TCP/UDP source port.</summary>
    public ushort SourcePort { get; private init; }

    /// <summary>TCP/UDP destination port.</summary>
    public ushort DestinationPort { get; private init; }

    /// <summary>Length of the TCP header (data offset × 4, options included) or 8 for UDP.</summary>
    public int L4HeaderLength { get; private init; }

    /// <summary>The TCP fields, options included; default for UDP.</summary>
    public TcpSegmentFields Tcp { get; private init; }

    /// <summary>The UDP length field (header plus data); 0 for TCP.</summary>
    public ushort UdpLength { get; private init; }

    /// <summary>Offset of the TCP/UDP check field from the frame start; -1 without a transport header.</summary>
    public int ChecksumFieldOffset { get; private init; }

    /// <summary>The TCP/UDP check field's value; 0 without a transport header.</summary>
    public ushort TransportChecksum { get; private init; }

    /// <summary>
    /// Offset of the first byte after the last header understood: TCP/UDP data, the IP payload of other protocols
    /// and non-first fragments, or what follows the Ethernet header of non-IP frames.
    /// </summary>
    public int PayloadOffset { get; private init; }

    /// <summary>
    /// Bytes of payload as the headers state it (IP lengths for IP frames, the rest of the frame otherwise); may
    /// exceed what the frame holds when <see cref="IsTruncated"/>.
    /// </summary>
    public int PayloadLength { get; private init; }

    /// <summary>True when the frame ends before the IP length says it should (a short read); Ethernet padding beyond it is not counted.</summary>
    public bool IsTruncated => IPVersion != 0 && FrameLength < NetworkOffset + IPTotalLength;

    /// <summary>
    /// Reads the frame's headers. Returns false only when the Ethernet header, a VLAN tag, an IP header (with its
    /// extension headers) or a TCP/UDP header is cut short or contradicts itself (IHL under 5, TCP data offset
    /// under 5, a header longer than the IP length). Unknown protocols are not failures.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> frame, out ParsedFrame parsed)
    {
        parsed = default;
        if (frame.Length < EthernetHeader.Size)
            return false;

        int at = EthernetHeader.Size;
        var etherType = (EtherType)BinaryPrimitives.ReadUInt16BigEndian(frame[12..]);
        ushort? vlanTagControl = null;
        if (etherType == EtherType.Vlan)
        {
            if (frame.Length < EthernetHeader.VlanTaggedSize)
                return false;
            vlanTagControl = BinaryPrimitives.ReadUInt16BigEndian(frame[14..]);
            etherType = (EtherType)BinaryPrimitives.ReadUInt16BigEndian(frame[16..]);
            at = EthernetHeader.VlanTaggedSize;
        }

        var result = new ParsedFrame
        {
            FrameLength = frame.Length,
            EtherType = etherType,
            VlanTagControl = vlanTagControl,
            NetworkOffset = at,
            ChecksumFieldOffset = -1,
            PayloadOffset = at,
            PayloadLength = frame.Length - at,
        };

        bool wellFormed = etherType switch
        {
            EtherType.IPv4 => TryParseIPv4(frame, ref result),
            EtherType.IPv6 => TryParseIPv6(frame, ref result),
            _ => true,
        };
        if (!wellFormed)
            return false;
        if (result.IPVersion != 0 && !TryParseTransport(frame, ref result))
            return false;

        parsed = result;
        return true;
    }

    private static bool TryParseIPv4(ReadOnlySpan<byte> frame, ref ParsedFrame result)
    {
        int at = result.NetworkOffset;
        if (frame.Length - at < IPv4Header.Size || frame[at] >> 4 != 4)
            return false;
        int headerLength = (frame[at] & 0x0F) * 4;
        int totalLength = BinaryPrimitives.ReadUInt16BigEndian(frame[(at + 2)..]);
        if (headerLength < IPv4Header.Size || frame.Length - at < headerLength || totalLength < headerLength)
            return false;

        ReadOnlySpan<byte> header = frame.Slice(at, headerLength);
        ushort flagsAndOffset = BinaryPrimitives.ReadUInt16BigEndian(header[6..]);
        result = result with
        {
            IPVersion = 4,
            IPHeaderLength = headerLength,
            IPTotalLength = totalLength,
            Identification = BinaryPrimitives.ReadUInt16BigEndian(header[4..]),
            DontFragment = (flagsAndOffset & IPv4Header.DontFragmentFlag) != 0,
            MoreFragments = (flagsAndOffset & IPv4Header.MoreFragmentsFlag) != 0,
            FragmentOffset = (flagsAndOffset & 0x1FFF) * 8,
            TimeToLive = header[8],
            Protocol = (IPProtocol)header[9],
            Source = IPAddressBytes.FromIPv4(header[12..]),
            Destination = IPAddressBytes.FromIPv4(header[16..]),
            IPv4HeaderChecksumValid = InternetChecksum.Sum(header) == 0xFFFF,
            L4Offset = at + headerLength,
        };
        return true;
    }

    private static bool TryParseIPv6(ReadOnlySpan<byte> frame, ref ParsedFrame result)
    {
        int at = result.NetworkOffset;
        if (frame.Length - at < IPv6Header.Size || frame[at] >> 4 != 6)
            return false;
        int totalLength = IPv6Header.Size + BinaryPrimitives.ReadUInt16BigEndian(frame[(at + 4)..]);
        var nextHeader = (IPProtocol)frame[at + 6];

        // Walk the extension headers that can precede TCP/UDP; each names the next.
        int l4Offset = at + IPv6Header.Size;
        bool moreFragments = false;
        int fragmentOffset = 0;
        uint identification = 0;
        while (nextHeader is IPProtocol.HopByHopOptions or IPProtocol.Routing or IPProtocol.DestinationOptions or IPProtocol.Fragment)
        {
            const int MinimumExtensionLength = 8;
            if (frame.Length - l4Offset < MinimumExtensionLength)
                return false;
            int extensionLength = MinimumExtensionLength;
            if (nextHeader == IPProtocol.Fragment)
            {
                ushort offsetAndFlag = BinaryPrimitives.ReadUInt16BigEndian(frame[(l4Offset + 2)..]);
                fragmentOffset = offsetAndFlag & 0xFFF8; // 13-bit offset in 8-byte units, already shifted into place
                moreFragments = (offsetAndFlag & 1) != 0;
                identification = BinaryPrimitives.ReadUInt32BigEndian(frame[(l4Offset + 4)..]);
            }
            else
            {
                extensionLength = (frame[l4Offset + 1] + 1) * 8;
            }
            nextHeader = (IPProtocol)frame[l4Offset];
            l4Offset += extensionLength;
            if (l4Offset - at > totalLength || l4Offset > frame.Length)
                return false;
        }

        result = result with
        {
            IPVersion = 6,
            IPHeaderLength = l4Offset - at,
            IPTotalLength = totalLength,
            Identification = identification,
            MoreFragments = moreFragments,
            FragmentOffset = fragmentOffset,
            TimeToLive = frame[at + 7],
            Protocol = nextHeader,
            Source = IPAddressBytes.FromIPv6(frame[(at + 8)..]),
            Destination = IPAddressBytes.FromIPv6(frame[(at + 24)..]),
            IPv4HeaderChecksumValid = true,
            L4Offset = l4Offset,
        };
        return true;
    }

    private static bool TryParseTransport(ReadOnlySpan<byte> frame, ref ParsedFrame result)
    {
        int at = result.L4Offset;
        int l4Length = result.L4Length;
        result = result with { PayloadOffset = at, PayloadLength = l4Length };
        if (result.FragmentOffset != 0 || result.Protocol is not (IPProtocol.Tcp or IPProtocol.Udp))
            return true;

        int minimumHeader = result.Protocol == IPProtocol.Tcp ? TcpHeader.MinimumSize : UdpHeader.Size;
        if (l4Length < minimumHeader || frame.Length - at < minimumHeader)
            return false;
        ReadOnlySpan<byte> l4 = frame[at..];
        int headerLength = UdpHeader.Size;
        TcpSegmentFields tcp = default;
        ushort udpLength = 0;
        if (result.Protocol == IPProtocol.Tcp)
        {
            headerLength = (l4[12] >> 4) * 4;
            if (headerLength < TcpHeader.MinimumSize || headerLength > l4Length || headerLength > l4.Length)
                return false;
            tcp = ReadTcp(l4[..headerLength]);
        }
        else
        {
            udpLength = BinaryPrimitives.ReadUInt16BigEndian(l4[4..]);
        }

        int checksumFieldOffset = at + L4Checksum.FieldOffset(result.Protocol);
        result = result with
        {
            HasTransportHeader = true,
            SourcePort = BinaryPrimitives.ReadUInt16BigEndian(l4),
            DestinationPort = BinaryPrimitives.ReadUInt16BigEndian(l4[2..]),
            L4HeaderLength = headerLength,
            Tcp = tcp,
            UdpLength = udpLength,
            ChecksumFieldOffset = checksumFieldOffset,
            TransportChecksum = BinaryPrimitives.ReadUInt16BigEndian(frame[checksumFieldOffset..]),
            PayloadOffset = at + headerLength,
            PayloadLength = l4Length - headerLength,
        };
        return true;
    }

    private static TcpSegmentFields ReadTcp(ReadOnlySpan<byte> header)
    {
        ushort? maximumSegmentSize = null;
        byte? windowScale = null;
        ReadOnlySpan<byte> options = header[TcpHeader.MinimumSize..];
        while (!options.IsEmpty && options[0] != TcpHeader.EndOfOptionsKind)
        {
            if (options[0] == TcpHeader.NoOperationKind)
            {
                options = options[1..];
                continue;
            }
            // A malformed option ends option parsing; the fields before it stand.
            if (options.Length < 2 || options[1] < 2 || options[1] > options.Length)
                break;
            int length = options[1];
            if (options[0] == TcpHeader.MaximumSegmentSizeKind && length == 4)
                maximumSegmentSize = BinaryPrimitives.ReadUInt16BigEndian(options[2..]);
            else if (options[0] == TcpHeader.WindowScaleKind && length == 3)
                windowScale = options[2];
            options = options[length..];
        }

        return new TcpSegmentFields(
            Sequence: BinaryPrimitives.ReadUInt32BigEndian(header[4..]),
            Acknowledgment: BinaryPrimitives.ReadUInt32BigEndian(header[8..]),
            Flags: (TcpFlags)header[13],
            Window: BinaryPrimitives.ReadUInt16BigEndian(header[14..]),
            MaximumSegmentSize: maximumSegmentSize,
            WindowScale: windowScale);
    }
}
