using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Packets;

namespace Vnetconf.Harness.Tests.Packets;

public sealed class VirtioNetHeaderTests
{
    private static readonly VirtioNetHeader TsoHeader = new()
    {
        Flags = VirtioNetHeaderFlags.NeedsCsum,
        GsoType = VirtioGsoType.TcpV4,
        Ecn = true,
        HdrLen = 0x0136,
        GsoSize = 0x05B4,
        CsumStart = 0x0022,
        CsumOffset = 0x0010,
        NumBuffers = 0x0102,
    };

    [Test]
    public void Fields_sit_at_the_offsets_of_struct_virtio_net_hdr_mrg_rxbuf_little_endian()
    {
        var bytes = new byte[12];
        TsoHeader.Write(bytes, VirtioNetHeader.MergeableSize);

        bytes.Should().Equal(
            0x01,       // flags @0
            0x81,       // gso_type @1: TCPV4 | ECN
            0x36, 0x01, // hdr_len @2
            0xB4, 0x05, // gso_size @4
            0x22, 0x00, // csum_start @6
            0x10, 0x00, // csum_offset @8
            0x02, 0x01); // num_buffers @10
    }

    [Test]
    public void Big_endian_devices_get_each_16_bit_field_byte_swapped()
    {
        var bytes = new byte[12];
        TsoHeader.Write(bytes, VirtioNetHeader.MergeableSize, bigEndian: true);

        bytes.Should().Equal(0x01, 0x81, 0x01, 0x36, 0x05, 0xB4, 0x00, 0x22, 0x00, 0x10, 0x01, 0x02);
    }

    [Test]
    public void Hash_report_header_places_hash_value_at_12_and_hash_report_at_16_with_zero_padding()
    {
        var header = TsoHeader with { HashValue = 0x11223344, HashReport = 0x0007 };
        var bytes = Enumerable.Repeat((byte)0xEE, 24).ToArray();
        header.Write(bytes, VirtioNetHeader.HashReportSize);

        bytes[12..20].Should().Equal(0x44, 0x33, 0x22, 0x11, 0x07, 0x00, 0x00, 0x00);
        bytes[20..].Should().OnlyContain(b => b == 0xEE, "nothing is written past the header size");
        VirtioNetHeader.Read(bytes, VirtioNetHeader.HashReportSize).Should().Be(header);
    }

    [TestCase(VirtioNetHeader.LegacySize, false)]
    [TestCase(VirtioNetHeader.LegacySize, true)]
    [TestCase(VirtioNetHeader.MergeableSize, false)]
    [TestCase(VirtioNetHeader.MergeableSize, true)]
    [TestCase(VirtioNetHeader.HashReportSize, false)]
    [TestCase(VirtioNetHeader.HashReportSize, true)]
    public void Write_then_read_round_trips(int size, bool bigEndian)
    {
        var header = size >= VirtioNetHeader.MergeableSize ? TsoHeader : TsoHeader with { NumBuffers = 0 };
        var bytes = new byte[size];

        header.Write(bytes, size, bigEndian);

        VirtioNetHeader.Read(bytes, size, bigEndian).Should().Be(header);
    }

    [Test]
    public void A_legacy_read_ignores_the_bytes_after_the_tenth()
    {
        var bytes = new byte[12];
        TsoHeader.Write(bytes, VirtioNetHeader.MergeableSize);

        VirtioNetHeader.Read(bytes, VirtioNetHeader.LegacySize).NumBuffers.Should().Be(0);
    }

    [Test]
    public void An_oversized_header_is_written_with_its_tail_zeroed()
    {
        var bytes = Enumerable.Repeat((byte)0xEE, 32).ToArray();
        TsoHeader.Write(bytes, 32);

        bytes[12..].Should().OnlyContain(b => b == 0);
        VirtioNetHeader.Read(bytes, 32).Should().Be(TsoHeader);
    }

    [Test]
    public void The_tunnel_form_carries_its_offsets_little_endian_at_20_and_22_whatever_the_byte_order()
    {
        // struct virtio_net_hdr_v1_hash_tunnel: the 20-byte hash form, then __le16 outer_th_offset and __le16 inner_nh_offset.
        var header = new VirtioNetHeader { Flags = VirtioNetHeaderFlags.NeedsCsum, GsoType = (VirtioGsoType)0x25, OuterThOffset = 0x0122, InnerNhOffset = 0x0340 };
        var bytes = new byte[24];

        header.Write(bytes, VirtioNetHeader.TunnelSize, bigEndian: true);

        bytes[20..].Should().Equal(0x22, 0x01, 0x40, 0x03);
        VirtioNetHeader.Read(bytes, VirtioNetHeader.TunnelSize, bigEndian: true).Should().Be(header);
        VirtioNetHeader.Read(bytes, VirtioNetHeader.HashReportSize, bigEndian: true).OuterThOffset.Should().Be(0, "a 20-byte header has no offsets");
        FluentActions.Invoking(() => header.Write(bytes, VirtioNetHeader.HashReportSize)).Should().Throw<ArgumentException>();
    }

    [TestCase(0x25, "UDP_TUNNEL_IPV4|UDP_L4")]
    [TestCase(0x44, "UDP_TUNNEL_IPV6|TCPV6")]
    [TestCase(0x61, "0x61")]
    [TestCase(0x20, "UDP_TUNNEL_IPV4|NONE")]
    [TestCase(0x22, "0x22")]
    public void A_tunnel_gso_type_is_named_by_its_bit_then_the_inner_type(int gsoType, string name) =>
        VirtioNetHeader.GsoTypeText((VirtioGsoType)gsoType).Should().Be(name);

    [Test]
    public void Unnamed_gso_types_and_flags_survive_a_round_trip()
    {
        byte[] hostile = [0x0C, 0xA2, 0, 0, 0, 0, 0, 0, 0, 0]; // flags 8|4, gso_type ECN|0x20|2
        var header = VirtioNetHeader.Read(hostile, VirtioNetHeader.LegacySize);
        var written = new byte[10];
        header.Write(written, VirtioNetHeader.LegacySize);

        header.Ecn.Should().BeTrue();
        header.GsoType.Should().Be((VirtioGsoType)0x22);
        written.Should().Equal(hostile);
    }

    [Test]
    public void Sizes_under_10_and_fields_that_do_not_fit_are_refused()
    {
        var bytes = new byte[32];

        FluentActions.Invoking(() => VirtioNetHeader.Read(bytes, 9)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => VirtioNetHeader.Read(bytes.AsSpan(0, 11), 12)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => TsoHeader.Write(bytes, VirtioNetHeader.LegacySize)).Should().Throw<ArgumentException>();
    }

    [Test]
    public void ToString_speaks_the_kernels_names()
    {
        var header = new VirtioNetHeader
        {
            Flags = VirtioNetHeaderFlags.NeedsCsum,
            GsoType = VirtioGsoType.TcpV4,
            HdrLen = 54,
            GsoSize = 1460,
            CsumStart = 34,
            CsumOffset = 16,
        };

        header.ToString().Should().Be("flags=NEEDS_CSUM gso=TCPV4 hdr_len=54 gso_size=1460 csum=34+16");
        default(VirtioNetHeader).ToString().Should().Be("flags=0 gso=NONE hdr_len=0 gso_size=0 csum=0+0");
        (header with { Flags = VirtioNetHeaderFlags.NeedsCsum | VirtioNetHeaderFlags.DataValid | (VirtioNetHeaderFlags)8, GsoType = VirtioGsoType.UdpL4, Ecn = true, NumBuffers = 1 })
            .ToString().Should().Be("flags=NEEDS_CSUM|DATA_VALID|UDP_TUNNEL_CSUM gso=UDP_L4|ECN hdr_len=54 gso_size=1460 csum=34+16 num_buffers=1");
    }

    [Test]
    public void IsZero_only_for_an_all_zero_header()
    {
        VirtioNetHeader.Read(new byte[12], VirtioNetHeader.MergeableSize).IsZero.Should().BeTrue();
        new VirtioNetHeader { Ecn = true }.IsZero.Should().BeFalse();
        TsoHeader.IsZero.Should().BeFalse();
    }

    [Test]
    public void The_base_gso_type_compares_without_the_ECN_bit()
    {
        byte[] withEcn = [0, 0x84, 0, 0, 0, 0, 0, 0, 0, 0];

        VirtioNetHeader.Read(withEcn, VirtioNetHeader.LegacySize).GsoType.Should().Be(VirtioGsoType.TcpV6);
    }
}
