using System.Buffers.Binary;
using System.Text;

namespace Vnetconf.Reporting;

/// <summary>
/// Writes frames as pcapng (one section, one Ethernet interface, an Enhanced Packet Block per frame) so that
/// the frames behind a deviating cell open in Wireshark. Each packet carries a comment, e.g. the virtio-net
/// header that came with it, which pcap has no field for.
/// </summary>
public sealed class PcapNgWriter : IDisposable
{
    private const uint SectionHeaderBlock = 0x0A0D0D0A;
    private const uint InterfaceDescriptionBlock = 1;
    private const uint EnhancedPacketBlock = 6;
    private const uint ByteOrderMagic = 0x1A2B3C4D;
    private const ushort LinkTypeEthernet = 1;
    private const ushort OptionEnd = 0, OptionComment = 1;
    private const int SnapLength = 262144;

    private readonly Stream stream;

    public PcapNgWriter(Stream stream, string interfaceDescription)
    {
        this.stream = stream;
        WriteBlock(SectionHeaderBlock, body =>
        {
            Put32(body, ByteOrderMagic);
            Put16(body, 1); // major version
            Put16(body, 0); // minor version
            Put64(body, ulong.MaxValue); // section length: not given
        });
        WriteBlock(InterfaceDescriptionBlock, body =>
        {
            Put16(body, LinkTypeEthernet);
            Put16(body, 0);
            Put32(body, SnapLength);
            PutOption(body, OptionComment, interfaceDescription);
            PutOption(body, OptionEnd, null);
        });
    }

    public void Write(ReadOnlySpan<byte> frame, DateTimeOffset timestamp, string? comment = null)
    {
        var data = frame.ToArray();
        var micros = (ulong)((timestamp - DateTimeOffset.UnixEpoch).Ticks / 10);
        WriteBlock(EnhancedPacketBlock, body =>
        {
            Put32(body, 0); // interface id
            Put32(body, (uint)(micros >> 32));
            Put32(body, (uint)micros);
            Put32(body, (uint)data.Length); // captured
            Put32(body, (uint)data.Length); // original
            body.Write(data);
            Pad(body);
            if (comment is not null)
            {
                PutOption(body, OptionComment, comment);
                PutOption(body, OptionEnd, null);
            }
        });
    }

    public void Dispose() => stream.Dispose();

    private void WriteBlock(uint type, Action<MemoryStream> fill)
    {
        using var body = new MemoryStream();
        fill(body);
        var total = (uint)(12 + body.Length);
        var head = new byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(head, type);
        BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan(4), total);
        stream.Write(head);
        body.WriteTo(stream);
        stream.Write(head.AsSpan(4, 4)); // the total length again, so readers can walk backwards
    }

    private static void PutOption(MemoryStream body, ushort code, string? value)
    {
        var bytes = value is null ? [] : Encoding.UTF8.GetBytes(value);
        Put16(body, code);
        Put16(body, (ushort)bytes.Length);
        body.Write(bytes);
        Pad(body);
    }

    private static void Pad(MemoryStream body)
    {
        while (body.Length % 4 != 0) body.WriteByte(0);
    }

    private static void Put16(MemoryStream s, ushort v) { Span<byte> b = stackalloc byte[2]; BinaryPrimitives.WriteUInt16LittleEndian(b, v); s.Write(b); }
    private static void Put32(MemoryStream s, uint v) { Span<byte> b = stackalloc byte[4]; BinaryPrimitives.WriteUInt32LittleEndian(b, v); s.Write(b); }
    private static void Put64(MemoryStream s, ulong v) { Span<byte> b = stackalloc byte[8]; BinaryPrimitives.WriteUInt64LittleEndian(b, v); s.Write(b); }
}
