using System.Buffers.Binary;

namespace Vnetconf.Packets;

/// <summary>Writes UDP headers (RFC 768).</summary>
public static class UdpHeader
{
    /// <summary>Bytes of the header.</summary>
    public const int Size = 8;

    /// <summary>Offset of the checksum within the header: the virtio <c>csum_offset</c> for UDP.</summary>
    public const int ChecksumOffset = 6;

    /// <summary>Writes the header with a zero checksum and returns <see cref="Size"/>.</summary>
    /// <param name="payloadLength">Bytes of data after the header; the length field is this plus 8.</param>
    public static int Write(Span<byte> destination, ushort sourcePort, ushort destinationPort, int payloadLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(payloadLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payloadLength, ushort.MaxValue - Size);

        Span<byte> header = destination[..Size];
        BinaryPrimitives.WriteUInt16BigEndian(header, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], destinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(header[4..], (ushort)(Size + payloadLength));
        BinaryPrimitives.WriteUInt16BigEndian(header[ChecksumOffset..], 0);
        return Size;
    }
}
