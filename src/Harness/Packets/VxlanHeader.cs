using System.Buffers.Binary;

namespace Vnetconf.Packets;

/// <summary>Writes VXLAN headers (RFC 7348): the I flag, then the 24-bit VNI, after the outer UDP header.</summary>
public static class VxlanHeader
{
    /// <summary>Bytes of the header.</summary>
    public const int Size = 8;

    /// <summary>IANA's VXLAN port, the outer UDP destination.</summary>
    public const ushort Port = 4789;

    /// <summary>
    /// Where the inner frame of <paramref name="frame"/> starts when it is a VXLAN frame (UDP to <see cref="Port"/> with room
    /// for the VXLAN and an inner Ethernet header after the outer UDP header); false for any other frame.
    /// </summary>
    public static bool TryFindInner(ReadOnlySpan<byte> frame, in ParsedFrame outer, out int innerOffset)
    {
        innerOffset = outer.PayloadOffset + Size;
        return outer.HasTransportHeader && outer.Protocol == IPProtocol.Udp && outer.DestinationPort == Port &&
               frame.Length >= innerOffset + EthernetHeader.Size;
    }

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
