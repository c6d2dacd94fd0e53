using System.Buffers.Binary;

namespace Vnetconf.Packets;

/// <summary>Writes VXLAN headers (RFC 7348): the I flag, then the 24-bit VNI, after the outer UDP header.</summary>
public static class VxlanHeader
{
    /// <summary>Bytes of the header.</summary>
    public const int Size = 8;

    /// <summary>IANA's VXLAN port, the outer UDP destination.</summary>
    public const ushort Port = 4789;

    /// <summary>Writes the header for <paramref name="vni"/> and returns <see cref="Size"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The VNI does not fit in 24 bits.</exception>
    public static int Write(Span<byte> destination, uint vni)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(vni, 0xFF_FFFFu);
        Span<byte> header = destination[..Size];
        BinaryPrimitives.WriteUInt32BigEndian(header, 0x0800_0000); // flags: I (a valid VNI follows); reserved zero
        BinaryPrimitives.WriteUInt32BigEndian(header[4..], vni << 8);
        return Size;
    }
}
