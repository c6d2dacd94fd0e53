using System.Buffers.Binary;

namespace Vnetconf.Packets;

/// <summary>
/// TCP/UDP checksums as the kernel and virtio-net handle them: filling the check field, judging it, and finishing
/// a partial one the way a device (or <c>skb_checksum_help</c>) does.
/// </summary>
public static class L4Checksum
{
    /// <summary>The checksum a sum that folds to zero is stored as (<c>CSUM_MANGLED_0</c>), since 0 means "none" for UDP.</summary>
    public const ushort MangledZero = 0xFFFF;

    /// <summary>Offset of the check field within the transport header: 6 for UDP, 16 for TCP.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Neither TCP nor UDP.</exception>
    public static int FieldOffset(IPProtocol protocol) => protocol switch
    {
        IPProtocol.Udp => UdpHeader.ChecksumOffset,
        IPProtocol.Tcp => TcpHeader.ChecksumOffset,
        _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, "Only TCP and UDP carry this checksum."),
    };

    /// <summary>Fills the check field of a TCP/UDP segment according to <paramref name="mode"/>.</summary>
    /// <param name="segment">Exactly the transport header plus payload: the bytes the checksum covers.</param>
    /// <param name="pseudoHeaderSum">From <see cref="InternetChecksum.PseudoHeaderSum"/> for this segment's length.</param>
    public static void Write(Span<byte> segment, IPProtocol protocol, ushort pseudoHeaderSum, L4ChecksumMode mode)
    {
        Span<byte> field = segment.Slice(FieldOffset(protocol), sizeof(ushort));
        ushort value;
        switch (mode.Kind)
        {
            case L4ChecksumKind.Complete:
                BinaryPrimitives.WriteUInt16BigEndian(field, 0);
                value = Inverted(InternetChecksum.Sum(segment, pseudoHeaderSum));
                break;
            case L4ChecksumKind.Partial:
                value = pseudoHeaderSum;
                break;
            case L4ChecksumKind.Zero:
                value = 0;
                break;
            default:
                value = mode.GarbageValue;
                break;
        }
        BinaryPrimitives.WriteUInt16BigEndian(field, value);
    }

    /// <summary>
    /// Judges the TCP/UDP checksum of a parsed frame. In order: <see cref="ChecksumState.NotApplicable"/> for
    /// frames without a TCP/UDP header or for IP fragments; <see cref="ChecksumState.Absent"/> for UDP over IPv4
    /// with 0; <see cref="ChecksumState.CompleteValid"/> when the full checksum verifies;
    /// <see cref="ChecksumState.Partial"/> when the field equals the pseudo-header sum for the L4 length the IP
    /// header states (so a GSO super-frame, whose IP length covers all its segments, reads as partial too);
    /// otherwise <see cref="ChecksumState.Invalid"/>, or <see cref="ChecksumState.NotApplicable"/> when the
    /// frame is cut short of its IP length and so cannot be verified.
    /// </summary>
    /// <remarks>
    /// A field can be both complete and partial by coincidence (1 segment in 65,536: the segment sums to the complement
    /// of twice the pseudo-header sum). With <paramref name="declaredPartial"/> (the frame came with NEEDS_CSUM)
    /// partial wins: the header says the field is a partial sum, and it holds exactly one, so a segment whose payload
    /// happens to verify is not judged as if the checksum had been finished. Without it complete wins, because a
    /// receiver would accept the frame.
    /// </remarks>
    /// <param name="declaredPartial">the frame's virtio-net header says NEEDS_CSUM</param>
    public static ChecksumState Classify(ReadOnlySpan<byte> frame, in ParsedFrame parsed, bool declaredPartial = false)
    {
        if (!parsed.HasTransportHeader || parsed.IsFragment)
            return ChecksumState.NotApplicable;

        ushort field = BinaryPrimitives.ReadUInt16BigEndian(frame[parsed.ChecksumFieldOffset..]);
        if (field == 0 && parsed.Protocol == IPProtocol.Udp && !parsed.Source.IsIPv6)
            return ChecksumState.Absent;

        ushort pseudoHeaderSum = InternetChecksum.PseudoHeaderSum(parsed.Source, parsed.Destination, parsed.Protocol, parsed.L4Length);
        bool whole = !parsed.IsTruncated;
        if (declaredPartial && field == pseudoHeaderSum)
            return ChecksumState.Partial;
        if (whole && InternetChecksum.Sum(frame.Slice(parsed.L4Offset, parsed.L4Length), pseudoHeaderSum) == 0xFFFF)
            return ChecksumState.CompleteValid;
        if (field == pseudoHeaderSum)
            return ChecksumState.Partial;
        return whole ? ChecksumState.Invalid : ChecksumState.NotApplicable;
    }

    /// <summary>
    /// True when the bytes alone cannot tell partial from complete: the check field holds the pseudo-header sum and the
    /// full checksum verifies too. About one frame in 65,535 of either kind reads both ways; <see cref="Classify"/> calls
    /// it complete unless a header declared it partial.
    /// </summary>
    public static bool ReadsBothWays(ReadOnlySpan<byte> frame, in ParsedFrame parsed)
    {
        if (!parsed.HasTransportHeader || parsed.IsFragment || parsed.IsTruncated) return false;
        ushort field = BinaryPrimitives.ReadUInt16BigEndian(frame[parsed.ChecksumFieldOffset..]);
        ushort pseudoHeaderSum = InternetChecksum.PseudoHeaderSum(parsed.Source, parsed.Destination, parsed.Protocol, parsed.L4Length);
        return field == pseudoHeaderSum && InternetChecksum.Sum(frame.Slice(parsed.L4Offset, parsed.L4Length), pseudoHeaderSum) == 0xFFFF;
    }

    /// <summary>
    /// Completes a partial checksum exactly as virtio-net specifies and the kernel's <c>skb_checksum_help</c>
    /// does: sums every byte from <paramref name="csumStart"/> to the end of the frame (the check field's current
    /// content, the pseudo-header sum, is the seed), folds, inverts, and stores the result at
    /// <paramref name="csumStart"/> + <paramref name="csumOffset"/>, with a zero result stored as
    /// <see cref="MangledZero"/> for every protocol.
    /// </summary>
    /// <remarks>Ethernet padding after the IP packet would be summed too, as a device would; TAP frames have none.</remarks>
    /// <exception cref="ArgumentOutOfRangeException">The check field does not lie inside the frame.</exception>
    public static void Finish(Span<byte> frame, int csumStart, int csumOffset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(csumStart);
        ArgumentOutOfRangeException.ThrowIfNegative(csumOffset);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(csumStart + csumOffset + sizeof(ushort), frame.Length, nameof(csumOffset));

        ushort checksum = Inverted(InternetChecksum.Sum(frame[csumStart..]));
        BinaryPrimitives.WriteUInt16BigEndian(frame[(csumStart + csumOffset)..], checksum);
    }

    private static ushort Inverted(ushort sum)
    {
        ushort checksum = (ushort)~sum;
        return checksum == 0 ? MangledZero : checksum;
    }
}
