using System.Buffers.Binary;

namespace Vnetconf.Packets;

/// <summary>Writes TCP headers (RFC 9293) with the MSS and window-scale options a handshake needs.</summary>
public static class TcpHeader
{
    /// <summary>Bytes of a header without options.</summary>
    public const int MinimumSize = 20;

    /// <summary>Offset of the checksum within the header: the virtio <c>csum_offset</c> for TCP.</summary>
    public const int ChecksumOffset = 16;

    /// <summary>Option kinds (IANA "TCP Option Kind Numbers").</summary>
    internal const byte EndOfOptionsKind = 0, NoOperationKind = 1, MaximumSegmentSizeKind = 2, WindowScaleKind = 3;

    private const int OptionSlot = 4;

    /// <summary>The header length for these fields: 20 plus 4 per option present.</summary>
    public static int SizeFor(in TcpSegmentFields fields) =>
        MinimumSize + (fields.MaximumSegmentSize.HasValue ? OptionSlot : 0) + (fields.WindowScale.HasValue ? OptionSlot : 0);

    /// <summary>Writes the header with a zero checksum and urgent pointer and returns its length.</summary>
    public static int Write(Span<byte> destination, ushort sourcePort, ushort destinationPort, in TcpSegmentFields fields)
    {
        int size = SizeFor(fields);
        Span<byte> header = destination[..size];
        BinaryPrimitives.WriteUInt16BigEndian(header, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], destinationPort);
        BinaryPrimitives.WriteUInt32BigEndian(header[4..], fields.Sequence);
        BinaryPrimitives.WriteUInt32BigEndian(header[8..], fields.Acknowledgment);
        header[12] = (byte)((size / 4) << 4); // data offset in words; reserved bits zero
        header[13] = (byte)fields.Flags;
        BinaryPrimitives.WriteUInt16BigEndian(header[14..], fields.Window);
        BinaryPrimitives.WriteUInt32BigEndian(header[ChecksumOffset..], 0); // checksum and urgent pointer

        int at = MinimumSize;
        if (fields.MaximumSegmentSize is ushort mss)
        {
            header[at] = MaximumSegmentSizeKind;
            header[at + 1] = 4;
            BinaryPrimitives.WriteUInt16BigEndian(header[(at + 2)..], mss);
            at += OptionSlot;
        }
        if (fields.WindowScale is byte shift)
        {
            // One NOP keeps the 3-byte option, and everything after it, 32-bit aligned, as Linux lays it out.
            header[at] = NoOperationKind;
            header[at + 1] = WindowScaleKind;
            header[at + 2] = 3;
            header[at + 3] = shift;
        }
        return size;
    }
}
