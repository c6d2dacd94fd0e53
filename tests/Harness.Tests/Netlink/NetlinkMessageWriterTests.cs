using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Interop.Netlink;

namespace Vnetconf.Harness.Tests.Netlink;

public class NetlinkMessageWriterTests
{
    [Test]
    public void A_bare_message_is_a_nlmsghdr_whose_length_counts_itself()
    {
        var writer = new NetlinkMessageWriter(type: 18, flags: 0x0305, sequence: 0x01020304);
        Convert.ToHexString(writer.Bytes).Should().Be("10000000" + "1200" + "0503" + "04030201" + "00000000");
    }

    [Test]
    public void An_odd_sized_attribute_counts_its_payload_in_nla_len_and_its_padding_in_nlmsg_len()
    {
        var writer = new NetlinkMessageWriter(1, 0);
        writer.PutAttribute(7, [0xaa, 0xbb, 0xcc, 0xdd, 0xee]);
        Convert.ToHexString(writer.Bytes[16..]).Should().Be("09000700" + "AABBCCDDEE" + "000000");
        BitConverter.ToUInt32(writer.Bytes).Should().Be(16 + 12);
    }

    [Test]
    public void A_string_attribute_is_NUL_terminated_and_padded()
    {
        var writer = new NetlinkMessageWriter(1, 0);
        writer.PutString(3, "vnc0");
        Convert.ToHexString(writer.Bytes[16..]).Should().Be("09000300" + "766E633000" + "000000");
    }

    [Test]
    public void A_string_with_a_NUL_inside_is_refused()
    {
        var writer = new NetlinkMessageWriter(1, 0);
        writer.Invoking(w => w.PutString(3, "a\0b")).Should().Throw<ArgumentException>();
    }

    [Test]
    public void A_nest_length_covers_its_children_and_their_padding()
    {
        var writer = new NetlinkMessageWriter(1, 0);
        using (writer.BeginNested(18))
        {
            writer.PutAttribute(1, "abc"u8);
            using (writer.BeginNested(2))
            {
                writer.PutUInt32(5, 0x11223344);
            }
        }
        Convert.ToHexString(writer.Bytes[16..]).Should().Be(
            "18001200" + "07000100" + "61626300" + "0C000200" + "08000500" + "44332211");
    }

    [Test]
    public void The_sequence_number_can_be_set_after_the_body_is_written()
    {
        var writer = new NetlinkMessageWriter(1, 0);
        writer.PutUInt32(1, 0);
        writer.Sequence = 0xdeadbeef;
        writer.Sequence.Should().Be(0xdeadbeef);
        Convert.ToHexString(writer.Bytes[8..12]).Should().Be("EFBEADDE");
        writer.Bytes.Length.Should().Be(24);
    }

    [Test]
    public void A_message_longer_than_the_initial_buffer_keeps_every_byte()
    {
        var writer = new NetlinkMessageWriter(1, 0);
        for (var i = 0; i < 100; i++) writer.PutUInt32((ushort)i, (uint)i);
        writer.Bytes.Length.Should().Be(16 + 100 * 8);
        var seen = 0;
        foreach (var message in NetlinkMessage.Enumerate(writer.Bytes))
        {
            foreach (var attribute in new NetlinkAttributeEnumerator(message.Payload))
            {
                attribute.Type.Should().Be((ushort)seen);
                attribute.GetUInt32().Should().Be((uint)seen);
                seen++;
            }
        }
        seen.Should().Be(100);
    }
}
