using System.Buffers.Binary;

namespace Vnetconf.Packets;

/// <summary>Writes IPv4 headers without options (RFC 791), header checksum included.</summary>
public static class IPv4Header
{
    /// <summary>Bytes of a header without options (IHL 5).</summary>
    public const int Size = 20;

    /// <summary>The largest total length the 16-bit field can state.</summary>
    public const int MaxTotalLength = ushort.MaxValue;

    /// <summary>Offset of the header checksum within the header.</summary>
    public const int ChecksumOffset = 10;

    /// <summary>The don't-fragment bit in the flags/fragment-offset word.</summary>
    public const ushort DontFragmentFlag = 0x4000;

    /// <summary>The more-fragments bit in the flags/fragment-offset word.</summary>
    public const ushort MoreFragmentsFlag = 0x2000;

    /// <summary>Writes a 20-byte header and returns <see cref="Size"/>.</summary>
    /// <param name="payloadLength">Bytes after the IP header (transport header plus data); total length is this plus 20.</param>
    /// <exception cref="ArgumentOutOfRangeException">The total length would not fit the 16-bit field.</exception>
    public static int Write(
        Span<byte> destination, in IPAddressBytes sourceAddress, in IPAddressBytes destinationAddress, IPProtocol protocol,
        int payloadLength, ushort identification = 0, byte timeToLive = 64, bool dontFragment = true)
    {
        if (sourceAddress.IsIPv6 || destinationAddress.IsIPv6)
            throw new ArgumentException("IPv4 header with an IPv6 address.");
        ArgumentOutOfRangeException.ThrowIfNegative(payloadLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payloadLength, MaxTotalLength - Size);

        Span<byte> header = destination[..Size];
        header[0] = 0x45; // version 4, IHL 5 words
        header[1] = 0; // DSCP/ECN
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)(Size + payloadLength));
        BinaryPrimitives.WriteUInt16BigEndian(header[4..], identification);
        BinaryPrimitives.WriteUInt16BigEndian(header[6..], dontFragment ? DontFragmentFlag : (ushort)0);
        header[8] = timeToLive;
        header[9] = (byte)protocol;
        sourceAddress.WriteTo(header[12..]);
        destinationAddress.WriteTo(header[16..]);
        UpdateChecksum(header);
        return Size;
    }

    /// <summary>
    /// Recomputes the header checksum over the header length its IHL states, e.g. after a test changed a field
    /// (TTL, fragment bits) to build a variant.
    /// </summary>
    public static void UpdateChecksum(Span<byte> header)
    {
        int headerLength = (header[0] & 0x0F) * 4;
        BinaryPrimitives.WriteUInt16BigEndian(header[ChecksumOffset..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(header[ChecksumOffset..], InternetChecksum.Compute(header[..headerLength]));
    }
}
