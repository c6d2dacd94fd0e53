using System.Buffers.Binary;

namespace Vnetconf.Packets;

/// <summary>Writes fixed IPv6 headers (RFC 8200) without extension headers.</summary>
public static class IPv6Header
{
    /// <summary>Bytes of the fixed header.</summary>
    public const int Size = 40;

    /// <summary>The largest payload length the 16-bit field can state (jumbograms are out of scope).</summary>
    public const int MaxPayloadLength = ushort.MaxValue;

    /// <summary>Writes a 40-byte header with traffic class and flow label 0 and returns <see cref="Size"/>.</summary>
    /// <param name="payloadLength">Bytes after the fixed header (transport header plus data).</param>
    /// <exception cref="ArgumentOutOfRangeException">The payload length would not fit the 16-bit field.</exception>
    public static int Write(
        Span<byte> destination, in IPAddressBytes sourceAddress, in IPAddressBytes destinationAddress, IPProtocol nextHeader,
        int payloadLength, byte hopLimit = 64)
    {
        if (!sourceAddress.IsIPv6 || !destinationAddress.IsIPv6)
            throw new ArgumentException("IPv6 header with an IPv4 address.");
        ArgumentOutOfRangeException.ThrowIfNegative(payloadLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payloadLength, MaxPayloadLength);

        Span<byte> header = destination[..Size];
        BinaryPrimitives.WriteUInt32BigEndian(header, 0x6000_0000); // version 6, traffic class 0, flow label 0
        BinaryPrimitives.WriteUInt16BigEndian(header[4..], (ushort)payloadLength);
        header[6] = (byte)nextHeader;
        header[7] = hopLimit;
        sourceAddress.WriteTo(header[8..]);
        destinationAddress.WriteTo(header[24..]);
        return Size;
    }
}
