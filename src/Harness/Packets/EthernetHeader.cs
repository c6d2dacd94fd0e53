using System.Buffers.Binary;

namespace Vnetconf.Packets;

/// <summary>Writes Ethernet II headers, plain or with one 802.1Q tag.</summary>
public static class EthernetHeader
{
    /// <summary>Bytes of an untagged header: destination, source, type.</summary>
    public const int Size = 14;

    /// <summary>Bytes of a header with one 802.1Q tag (TPID 0x8100 and TCI) before the type.</summary>
    public const int VlanTaggedSize = 18;

    /// <summary>The shortest frame Ethernet carries, without its FCS: shorter ones are padded to it.</summary>
    public const int MinimumFrame = 60;

    /// <summary>Writes an untagged header and returns <see cref="Size"/>.</summary>
    public static int Write(Span<byte> destination, MacAddress destinationAddress, MacAddress sourceAddress, EtherType etherType)
    {
        destinationAddress.WriteTo(destination[..Size]);
        sourceAddress.WriteTo(destination[6..]);
        BinaryPrimitives.WriteUInt16BigEndian(destination[12..], (ushort)etherType);
        return Size;
    }

    /// <summary>
    /// Writes a header with one 802.1Q tag and returns <see cref="VlanTaggedSize"/>. Everything after it sits 4 bytes
    /// later than in an untagged frame, as in a frame whose tag the kernel re-inserted on a TAP read.
    /// </summary>
    /// <param name="tagControl">The TCI: priority (3 bits), DEI (1 bit), VLAN id (12 bits).</param>
    public static int WriteVlanTagged(
        Span<byte> destination, MacAddress destinationAddress, MacAddress sourceAddress, ushort tagControl, EtherType etherType)
    {
        Write(destination[..VlanTaggedSize], destinationAddress, sourceAddress, EtherType.Vlan);
        BinaryPrimitives.WriteUInt16BigEndian(destination[14..], tagControl);
        BinaryPrimitives.WriteUInt16BigEndian(destination[16..], (ushort)etherType);
        return VlanTaggedSize;
    }
}
