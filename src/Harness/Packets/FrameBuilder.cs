namespace Vnetconf.Packets;

/// <summary>
/// Builds whole Ethernet + IP + TCP/UDP frames into a caller's buffer without allocating. IPv4 or IPv6 follows
/// the flow's addresses. IPv4 headers carry identification 0, DF and TTL 64; IPv6 headers hop limit 64 and no
/// extension headers. A frame may be larger than any MTU (a GSO super-frame) up to what the IP length field can
/// state. For other header values, compose <see cref="EthernetHeader"/>, <see cref="IPv4Header"/>,
/// <see cref="IPv6Header"/>, <see cref="UdpHeader"/>, <see cref="TcpHeader"/> and <see cref="L4Checksum.Write"/>.
/// </summary>
public static class FrameBuilder
{
    /// <summary>The bytes <see cref="Udp"/> writes for this payload length.</summary>
    public static int UdpFrameLength(in FlowEndpoints flow, int payloadLength) =>
        HeadersBeforeL4(flow) + UdpHeader.Size + payloadLength;

    /// <summary>The bytes <see cref="Tcp"/> writes for these fields and payload length.</summary>
    public static int TcpFrameLength(in FlowEndpoints flow, in TcpSegmentFields segment, int payloadLength) =>
        HeadersBeforeL4(flow) + TcpHeader.SizeFor(segment) + payloadLength;

    /// <summary>Writes an Ethernet + IP + UDP frame carrying <paramref name="payload"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too small, or the addresses' families differ.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The IP length field cannot state the frame's length.</exception>
    public static BuiltFrame Udp(Span<byte> destination, in FlowEndpoints flow, ReadOnlySpan<byte> payload, L4ChecksumMode checksum)
    {
        int l4Length = UdpHeader.Size + payload.Length;
        int l4Offset = WriteEthernetAndIP(destination, flow, IPProtocol.Udp, l4Length);
        Span<byte> segment = destination.Slice(l4Offset, l4Length);
        UdpHeader.Write(segment, flow.SourcePort, flow.DestinationPort, payload.Length);
        payload.CopyTo(segment[UdpHeader.Size..]);
        FillChecksum(segment, flow, IPProtocol.Udp, checksum);
        return new BuiltFrame(l4Offset + l4Length, l4Offset, l4Offset + UdpHeader.ChecksumOffset, l4Offset + UdpHeader.Size);
    }

    /// <summary>Writes an Ethernet + IP + TCP frame with the given header fields carrying <paramref name="payload"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too small, or the addresses' families differ.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The IP length field cannot state the frame's length.</exception>
    public static BuiltFrame Tcp(
        Span<byte> destination, in FlowEndpoints flow, in TcpSegmentFields segmentFields, ReadOnlySpan<byte> payload, L4ChecksumMode checksum)
    {
        int headerLength = TcpHeader.SizeFor(segmentFields);
        int l4Length = headerLength + payload.Length;
        int l4Offset = WriteEthernetAndIP(destination, flow, IPProtocol.Tcp, l4Length);
        Span<byte> segment = destination.Slice(l4Offset, l4Length);
        TcpHeader.Write(segment, flow.SourcePort, flow.DestinationPort, segmentFields);
        payload.CopyTo(segment[headerLength..]);
        FillChecksum(segment, flow, IPProtocol.Tcp, checksum);
        return new BuiltFrame(l4Offset + l4Length, l4Offset, l4Offset + TcpHeader.ChecksumOffset, l4Offset + headerLength);
    }

    /// <summary>
    /// Writes a VXLAN frame: the outer Ethernet + IP + UDP header of <paramref name="outer"/> (its destination port is
    /// the tunnel's, normally <see cref="VxlanHeader.Port"/>; the outer UDP checksum is 0, which RFC 7348 allows over
    /// IPv4 and an IPv6 receiver takes when told to, e.g. a vxlan link with udp6zerocsumrx), the VXLAN header of
    /// <paramref name="vni"/>, then the inner Ethernet + IP + UDP frame of <paramref name="inner"/> as <see cref="Udp"/> writes it.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too small, or a flow's addresses' families differ.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An IP length field cannot state its packet's length, or the VNI exceeds 24 bits.</exception>
    public static TunnelFrame VxlanUdp(
        Span<byte> destination, in FlowEndpoints outer, uint vni, in FlowEndpoints inner, ReadOnlySpan<byte> payload, L4ChecksumMode innerChecksum)
    {
        int innerStart = HeadersBeforeL4(outer) + UdpHeader.Size + VxlanHeader.Size;
        if (destination.Length < innerStart)
            ThrowTooSmall(destination.Length, innerStart, nameof(destination));
        var innerFrame = Udp(destination[innerStart..], inner, payload, innerChecksum);
        int tunnelPayload = VxlanHeader.Size + innerFrame.Length;
        int outerL4 = WriteEthernetAndIP(destination, outer, IPProtocol.Udp, UdpHeader.Size + tunnelPayload);
        UdpHeader.Write(destination[outerL4..], outer.SourcePort, outer.DestinationPort, tunnelPayload);
        VxlanHeader.Write(destination[(outerL4 + UdpHeader.Size)..], vni);
        var shifted = new BuiltFrame(innerStart + innerFrame.Length, innerStart + innerFrame.L4Offset,
            innerStart + innerFrame.ChecksumFieldOffset, innerStart + innerFrame.PayloadOffset);
        return new TunnelFrame(shifted, outerL4, innerStart + EthernetHeader.Size, outer.IsIPv6);
    }

    private static int HeadersBeforeL4(in FlowEndpoints flow) =>
        EthernetHeader.Size + (flow.IsIPv6 ? IPv6Header.Size : IPv4Header.Size);

    /// <summary>Writes the Ethernet and IP headers and returns the offset where the transport header goes.</summary>
    private static int WriteEthernetAndIP(Span<byte> destination, in FlowEndpoints flow, IPProtocol protocol, int l4Length)
    {
        int l4Offset = HeadersBeforeL4(flow);
        if (destination.Length < l4Offset + l4Length)
            ThrowTooSmall(destination.Length, l4Offset + l4Length, nameof(destination));

        int at = EthernetHeader.Write(destination, flow.DestinationMac, flow.SourceMac, flow.IsIPv6 ? EtherType.IPv6 : EtherType.IPv4);
        if (flow.IsIPv6)
            IPv6Header.Write(destination[at..], flow.SourceIP, flow.DestinationIP, protocol, l4Length);
        else
            IPv4Header.Write(destination[at..], flow.SourceIP, flow.DestinationIP, protocol, l4Length);
        return l4Offset;
    }

    private static void FillChecksum(Span<byte> segment, in FlowEndpoints flow, IPProtocol protocol, L4ChecksumMode checksum) =>
        L4Checksum.Write(segment, protocol, InternetChecksum.PseudoHeaderSum(flow.SourceIP, flow.DestinationIP, protocol, segment.Length), checksum);

    private static void ThrowTooSmall(int available, int needed, string destinationName) =>
        throw new ArgumentException($"The destination holds {available} bytes; the frame needs {needed}.", destinationName);
}
