using System.Buffers.Binary;
using System.Text;

namespace Vnetconf.Packets;

/// <summary>
/// The virtio-net header that precedes each frame on a TAP with IFF_VNET_HDR and on an AF_PACKET socket with
/// PACKET_VNET_HDR (include/uapi/linux/virtio_net.h):
/// flags u8 @0, gso_type u8 @1, hdr_len u16 @2, gso_size u16 @4, csum_start u16 @6, csum_offset u16 @8;
/// num_buffers u16 @10 in the 12-byte (mrg_rxbuf / virtio 1.0) form; hash_value u32 @12, hash_report u16 @16 and
/// 2 bytes of padding in the 20-byte hash-report form; outer_th_offset u16 @20 and inner_nh_offset u16 @22 in the
/// 24-byte UDP-tunnel form (Linux 6.17+), always little-endian.
/// <para>
/// The size is whatever TUNSETVNETHDRSZ set (10 or more). Its 16-bit fields are little-endian unless the device
/// was switched to big-endian (TUNSETVNETBE, legacy only); this type never assumes the host's byte order.
/// </para>
/// </summary>
public readonly record struct VirtioNetHeader
{
    /// <summary>struct virtio_net_hdr: legacy devices without mergeable receive buffers.</summary>
    public const int LegacySize = 10;

    /// <summary>struct virtio_net_hdr_mrg_rxbuf / virtio_net_hdr_v1: with <c>num_buffers</c>; what QEMU uses for virtio 1.0.</summary>
    public const int MergeableSize = 12;

    /// <summary>struct virtio_net_hdr_v1_hash: with <c>hash_value</c> and <c>hash_report</c> (VIRTIO_NET_F_HASH_REPORT).</summary>
    public const int HashReportSize = 20;

    /// <summary>struct virtio_net_hdr_v1_hash_tunnel: with the UDP-tunnel offsets (VIRTIO_NET_F_*_UDP_TUNNEL_GSO, Linux 6.17+).</summary>
    public const int TunnelSize = 24;

    /// <summary>The ECN bit of the wire <c>gso_type</c> (VIRTIO_NET_HDR_GSO_ECN): the super-frame carries CWR.</summary>
    public const byte GsoEcnBit = 0x80;

    /// <summary>VIRTIO_NET_HDR_GSO_UDP_TUNNEL_IPV4: a <c>gso_type</c> bit beside the inner type, the tunnel's outer header is IPv4.</summary>
    public const byte GsoUdpTunnelIPv4Bit = 0x20;

    /// <summary>VIRTIO_NET_HDR_GSO_UDP_TUNNEL_IPV6: the tunnel's outer header is IPv6.</summary>
    public const byte GsoUdpTunnelIPv6Bit = 0x40;

    /// <summary>Both UDP-tunnel bits (VIRTIO_NET_HDR_GSO_UDP_TUNNEL).</summary>
    public const byte GsoUdpTunnelBits = GsoUdpTunnelIPv4Bit | GsoUdpTunnelIPv6Bit;

    /// <summary>The flags byte.</summary>
    public VirtioNetHeaderFlags Flags { get; init; }

    /// <summary>The GSO type, without the ECN bit.</summary>
    public VirtioGsoType GsoType { get; init; }

    /// <summary>The ECN bit of <c>gso_type</c>.</summary>
    public bool Ecn { get; init; }

    /// <summary><c>hdr_len</c>: the length of the headers (a hint on the read path).</summary>
    public ushort HdrLen { get; init; }

    /// <summary><c>gso_size</c>: the payload bytes per segment.</summary>
    public ushort GsoSize { get; init; }

    /// <summary><c>csum_start</c>: where checksumming starts, counted from the Ethernet header.</summary>
    public ushort CsumStart { get; init; }

    /// <summary><c>csum_offset</c>: where the result goes, counted from <see cref="CsumStart"/>.</summary>
    public ushort CsumOffset { get; init; }

    /// <summary><c>num_buffers</c>, in headers of 12 bytes or more.</summary>
    public ushort NumBuffers { get; init; }

    /// <summary><c>hash_value</c>, in headers of 20 bytes or more.</summary>
    public uint HashValue { get; init; }

    /// <summary><c>hash_report</c>, in headers of 20 bytes or more.</summary>
    public ushort HashReport { get; init; }

    /// <summary><c>outer_th_offset</c>, in headers of 24 bytes or more: where the tunnel's outer UDP header starts.</summary>
    public ushort OuterThOffset { get; init; }

    /// <summary><c>inner_nh_offset</c>, in headers of 24 bytes or more: where the inner network header starts.</summary>
    public ushort InnerNhOffset { get; init; }

    /// <summary>True when every field is zero: what the kernel writes for a frame with nothing to say.</summary>
    public bool IsZero => Equals(default);

    /// <summary>Reads a header of <paramref name="size"/> bytes; fields beyond the size read as zero.</summary>
    /// <param name="size">The configured vnet header size: at least <see cref="LegacySize"/>; bytes past the known fields are ignored.</param>
    /// <param name="bigEndian">True for a device switched to big-endian with TUNSETVNETBE.</param>
    /// <exception cref="ArgumentOutOfRangeException">The size is under 10 or exceeds <paramref name="source"/>.</exception>
    public static VirtioNetHeader Read(ReadOnlySpan<byte> source, int size, bool bigEndian = false)
    {
        ValidateSize(size, source.Length);
        byte gsoType = source[1];
        return new VirtioNetHeader
        {
            Flags = (VirtioNetHeaderFlags)source[0],
            GsoType = (VirtioGsoType)(gsoType & ~GsoEcnBit),
            Ecn = (gsoType & GsoEcnBit) != 0,
            HdrLen = Read16(source[2..], bigEndian),
            GsoSize = Read16(source[4..], bigEndian),
            CsumStart = Read16(source[6..], bigEndian),
            CsumOffset = Read16(source[8..], bigEndian),
            NumBuffers = size >= MergeableSize ? Read16(source[10..], bigEndian) : (ushort)0,
            HashValue = size >= HashReportSize ? Read32(source[12..], bigEndian) : 0,
            HashReport = size >= HashReportSize ? Read16(source[16..], bigEndian) : (ushort)0,
            OuterThOffset = size >= TunnelSize ? BinaryPrimitives.ReadUInt16LittleEndian(source[20..]) : (ushort)0,
            InnerNhOffset = size >= TunnelSize ? BinaryPrimitives.ReadUInt16LittleEndian(source[22..]) : (ushort)0,
        };
    }

    /// <summary>
    /// Writes the header into the first <paramref name="size"/> bytes of <paramref name="destination"/>, zeroing
    /// every byte no field covers (padding, and the tail of an oversized header).
    /// </summary>
    /// <param name="size">The configured vnet header size: at least <see cref="LegacySize"/>.</param>
    /// <param name="bigEndian">True for a device switched to big-endian with TUNSETVNETBE.</param>
    /// <exception cref="ArgumentOutOfRangeException">The size is under 10 or exceeds <paramref name="destination"/>.</exception>
    /// <exception cref="ArgumentException">A non-zero field does not fit in <paramref name="size"/> bytes.</exception>
    public void Write(Span<byte> destination, int size, bool bigEndian = false)
    {
        ValidateSize(size, destination.Length);
        if ((NumBuffers != 0 && size < MergeableSize) || ((HashValue != 0 || HashReport != 0) && size < HashReportSize) ||
            ((OuterThOffset != 0 || InnerNhOffset != 0) && size < TunnelSize))
            throw new ArgumentException($"A {size}-byte header cannot hold {this}.", nameof(size));

        Span<byte> header = destination[..size];
        header.Clear();
        header[0] = (byte)Flags;
        header[1] = (byte)((byte)GsoType | (Ecn ? GsoEcnBit : 0));
        Write16(header[2..], HdrLen, bigEndian);
        Write16(header[4..], GsoSize, bigEndian);
        Write16(header[6..], CsumStart, bigEndian);
        Write16(header[8..], CsumOffset, bigEndian);
        if (size >= MergeableSize)
            Write16(header[10..], NumBuffers, bigEndian);
        if (size >= HashReportSize)
        {
            Write32(header[12..], HashValue, bigEndian);
            Write16(header[16..], HashReport, bigEndian);
        }
        if (size >= TunnelSize)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(header[20..], OuterThOffset);
            BinaryPrimitives.WriteUInt16LittleEndian(header[22..], InnerNhOffset);
        }
    }

    /// <summary>
    /// The header in the kernel's words, e.g. <c>flags=NEEDS_CSUM gso=TCPV4 hdr_len=54 gso_size=1460 csum=34+16</c>;
    /// <c>num_buffers</c>, the hash and the tunnel offsets appear only when non-zero.
    /// </summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append("flags=").Append(FlagsText(Flags))
            .Append(" gso=").Append(GsoTypeText(GsoType)).Append(Ecn ? "|ECN" : "")
            .Append(" hdr_len=").Append(HdrLen)
            .Append(" gso_size=").Append(GsoSize)
            .Append(" csum=").Append(CsumStart).Append('+').Append(CsumOffset);
        if (NumBuffers != 0)
            text.Append(" num_buffers=").Append(NumBuffers);
        if (HashValue != 0 || HashReport != 0)
            text.Append(" hash=0x").Append(HashValue.ToString("x8")).Append(" hash_report=").Append(HashReport);
        if (OuterThOffset != 0 || InnerNhOffset != 0)
            text.Append(" outer_th=").Append(OuterThOffset).Append(" inner_nh=").Append(InnerNhOffset);
        return text.ToString();
    }

    private static string FlagsText(VirtioNetHeaderFlags flags)
    {
        if (flags == VirtioNetHeaderFlags.None)
            return "0";
        var text = new StringBuilder();
        Append(VirtioNetHeaderFlags.NeedsCsum, "NEEDS_CSUM");
        Append(VirtioNetHeaderFlags.DataValid, "DATA_VALID");
        Append(VirtioNetHeaderFlags.RscInfo, "RSC_INFO");
        Append(VirtioNetHeaderFlags.UdpTunnelCsum, "UDP_TUNNEL_CSUM");
        var unnamed = flags & ~(VirtioNetHeaderFlags.NeedsCsum | VirtioNetHeaderFlags.DataValid | VirtioNetHeaderFlags.RscInfo | VirtioNetHeaderFlags.UdpTunnelCsum);
        if (unnamed != 0)
            text.Append(text.Length > 0 ? "|" : "").Append("0x").Append(((byte)unnamed).ToString("x2"));
        return text.ToString();

        void Append(VirtioNetHeaderFlags flag, string name)
        {
            if ((flags & flag) != 0)
                text.Append(text.Length > 0 ? "|" : "").Append(name);
        }
    }

    /// <summary>"TCPV4", "UDP_TUNNEL_IPV4|UDP_L4", "0x22": the kernel's names, a tunnel bit (alone) before the inner type.</summary>
    public static string GsoTypeText(VirtioGsoType type)
    {
        var tunnel = (byte)type & GsoUdpTunnelBits;
        var inner = (VirtioGsoType)((byte)type & ~GsoUdpTunnelBits);
        var prefix = tunnel switch
        {
            GsoUdpTunnelIPv4Bit => "UDP_TUNNEL_IPV4|",
            GsoUdpTunnelIPv6Bit => "UDP_TUNNEL_IPV6|",
            _ => null,
        };
        var innerName = inner switch
        {
            VirtioGsoType.None => "NONE",
            VirtioGsoType.TcpV4 => "TCPV4",
            VirtioGsoType.Udp => "UDP",
            VirtioGsoType.TcpV6 => "TCPV6",
            VirtioGsoType.UdpL4 => "UDP_L4",
            _ => null,
        };
        return prefix is not null && innerName is not null ? prefix + innerName
            : tunnel == 0 && innerName is not null ? innerName
            : "0x" + ((byte)type).ToString("x2");
    }

    private static void ValidateSize(int size, int available)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, LegacySize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, available);
    }

    private static ushort Read16(ReadOnlySpan<byte> source, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(source) : BinaryPrimitives.ReadUInt16LittleEndian(source);

    private static uint Read32(ReadOnlySpan<byte> source, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(source) : BinaryPrimitives.ReadUInt32LittleEndian(source);

    private static void Write16(Span<byte> destination, ushort value, bool bigEndian)
    {
        if (bigEndian)
            BinaryPrimitives.WriteUInt16BigEndian(destination, value);
        else
            BinaryPrimitives.WriteUInt16LittleEndian(destination, value);
    }

    private static void Write32(Span<byte> destination, uint value, bool bigEndian)
    {
        if (bigEndian)
            BinaryPrimitives.WriteUInt32BigEndian(destination, value);
        else
            BinaryPrimitives.WriteUInt32LittleEndian(destination, value);
    }
}
