using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Interop;
using Vnetconf.Interop.Netlink;
using Vnetconf.Links;
using Vnetconf.Packets;
using static Vnetconf.Interop.Netlink.LinuxNetlink;

namespace Vnetconf.Harness.Tests.Netlink;

/// <summary>The decoders against bytes the kernel sent (<see cref="KernelCaptures"/>).</summary>
public class NetlinkReaderTests
{
    [Test]
    public void A_capped_error_yields_the_errno_and_the_extended_ACK_text()
    {
        var count = 0;
        foreach (var message in NetlinkMessage.Enumerate(KernelCaptures.Bytes(KernelCaptures.CappedMtuError)))
        {
            message.Type.Should().Be(NLMSG_ERROR);
            message.Sequence.Should().Be(7u);
            (message.Flags & NLM_F_CAPPED).Should().NotBe(0);
            var ack = message.ReadAck();
            ack.Errno.Should().Be(Errno.EINVAL);
            ack.Message.Should().Be("mtu greater than device maximum");
            count++;
        }
        count.Should().Be(1);
    }

    [Test]
    public void An_uncapped_error_skips_the_echoed_request_to_reach_the_text()
    {
        var found = false;
        foreach (var message in NetlinkMessage.Enumerate(KernelCaptures.Bytes(KernelCaptures.UncappedAddressExistsError)))
        {
            (message.Flags & NLM_F_CAPPED).Should().Be(0);
            var ack = message.ReadAck();
            ack.Errno.Should().Be(Errno.EEXIST);
            ack.Message.Should().Be("ipv4: Address already assigned");
            found = true;
        }
        found.Should().BeTrue();
    }

    [Test]
    public void The_end_of_a_dump_is_a_successful_ack()
    {
        foreach (var message in NetlinkMessage.Enumerate(KernelCaptures.Bytes(KernelCaptures.DumpDone)))
        {
            message.Type.Should().Be(NLMSG_DONE);
            (message.Flags & NLM_F_MULTI).Should().NotBe(0, "a dump's messages, DONE included, are parts of one multipart answer");
            message.ReadAck().Should().Be(new NetlinkAck(0, null, null));
        }
    }

    [Test]
    public void Messages_in_one_buffer_are_walked_in_order()
    {
        var buffer = KernelCaptures.Bytes(KernelCaptures.Va0NewLink).Concat(KernelCaptures.Bytes(KernelCaptures.DumpDone)).ToArray();
        var types = new List<ushort>();
        foreach (var message in NetlinkMessage.Enumerate(buffer)) types.Add(message.Type);
        types.Should().Equal(LinuxRtnetlink.RTM_NEWLINK, NLMSG_DONE);
    }

    [Test]
    public void A_link_reply_decodes_to_what_ip_printed_from_the_same_bytes()
    {
        LinkInfo? link = null;
        foreach (var message in NetlinkMessage.Enumerate(KernelCaptures.Bytes(KernelCaptures.Va0NewLink)))
            link = LinkInfo.FromMessage(message);

        link.Should().NotBeNull();
        link!.Index.Should().Be(2);
        link.Name.Should().Be("va0");
        link.Mtu.Should().Be(1500);
        link.Kind.Should().Be("veth");
        link.Mac.Should().Be(MacAddress.Parse("02:00:00:00:0a:01"));
        link.MasterIndex.Should().Be(0);
        link.Flags.Should().Be(NetDeviceFlags.IFF_BROADCAST | NetDeviceFlags.IFF_MULTICAST | NetDeviceFlags.IFF_UP
            | NetDeviceFlags.IFF_LOWER_UP | NetDeviceFlags.IFF_RUNNING);
        link.IsUp.Should().BeTrue();
        link.Stats.RxPackets.Should().Be(0);
        link.Stats.RxBytes.Should().Be(0);
        link.Stats.TxPackets.Should().Be(4);
        link.Stats.TxBytes.Should().Be(519);
    }

    [Test]
    public void A_message_longer_than_the_buffer_is_reported_not_skipped()
    {
        var truncated = KernelCaptures.Bytes(KernelCaptures.Va0NewLink)[..100];
        var act = () =>
        {
            foreach (var message in NetlinkMessage.Enumerate(truncated)) _ = message.Type;
        };
        act.Should().Throw<InvalidDataException>().WithMessage("*claims 1500 bytes with 100 left*");
    }

    [Test]
    public void An_attribute_longer_than_its_run_is_reported_not_skipped()
    {
        byte[] run = [0x10, 0x00, 0x03, 0x00, 0x61, 0x62, 0x00, 0x00];
        var act = () =>
        {
            foreach (var attribute in new NetlinkAttributeEnumerator(run)) _ = attribute.Type;
        };
        act.Should().Throw<InvalidDataException>().WithMessage("*claims 16 bytes with 8 left*");
    }

    [Test]
    public void Nested_and_byte_order_flags_are_stripped_from_the_type()
    {
        byte[] run = [0x08, 0x00, 0x12, 0x80, 0x04, 0x00, 0x01, 0x00];
        foreach (var attribute in new NetlinkAttributeEnumerator(run))
        {
            attribute.Type.Should().Be(18);
            attribute.IsNested.Should().BeTrue();
            var children = 0;
            foreach (var child in attribute.GetNested())
            {
                child.Type.Should().Be(1);
                child.Payload.Length.Should().Be(0);
                children++;
            }
            children.Should().Be(1);
        }
    }
}
