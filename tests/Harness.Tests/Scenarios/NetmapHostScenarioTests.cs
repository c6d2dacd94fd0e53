using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Model;
using Vnetconf.Netmap;
using Vnetconf.Packets;
using Vnetconf.Scenarios;

namespace Vnetconf.Harness.Tests.Scenarios;

public sealed class NetmapHostScenarioTests
{
    [Test]
    public void Every_case_has_its_own_id_and_is_found_by_it()
    {
        NetmapHostScenario.All.Select(c => c.Id).Should().OnlyHaveUniqueItems();
        foreach (var c in NetmapHostScenario.All) NetmapHostScenario.Find(c.Id).Should().Be(c);
    }

    [Test]
    public void An_unknown_id_is_refused_with_the_known_ones()
    {
        var find = () => NetmapHostScenario.Find("netmap.host.nothing");
        find.Should().Throw<ArgumentException>().WithMessage($"*{NetmapHostScenario.All[0].Id}*");
    }

    [TestCase(NetmapHostCellKind.VethReceive, true, "Partial")]
    [TestCase(NetmapHostCellKind.VethReceive, false, "CompleteValid")]
    [TestCase(NetmapHostCellKind.TapReceive, true, "Partial")]
    [TestCase(NetmapHostCellKind.TapReceive, false, "CompleteValid")]
    public void A_received_frame_is_expected_partial_exactly_when_the_peer_left_it_partial(NetmapHostCellKind kind, bool peerOffload, string checksum)
    {
        var expected = NetmapHostCatalogue.Expect(new NetmapHostScenario(kind, peerOffload));

        expected[NetmapAspects.Checksum].Value.Should().Be(checksum);
        expected[NetmapAspects.BufferStart].Value.Should().Be(NetmapAspects.EthernetFirst);
        expected[NetmapAspects.SlotLength].Value.Should().Be(NetmapAspects.FrameLength);
        expected[NetmapAspects.Adapter].Value.Should().Be(nameof(NetmapAdapterKind.Generic));
    }

    [Test]
    public void Invalid_VALE_header_lengths_are_expected_refused_leaving_the_last_valid_one()
    {
        var expected = NetmapHostCatalogue.Expect(new NetmapHostScenario(NetmapHostCellKind.ValePortHeader, false));

        // The probe's order, 10, 0, 12, 1, 11, 20, written out: netmap_ioctl takes 0, 10 and 12 only.
        NetmapHostScenario.ValeHeaderLengths.Should().Equal(10, 0, 12, 1, 11, 20);
        expected.Aspects.Select(a => (a.Name, a.Value.Value)).Should().Equal(
            ("PORT_HDR_GET, fresh port", "0"),
            ("PORT_HDR_SET 10", "accepted, reads back 10"),
            ("PORT_HDR_SET 0", "accepted, reads back 0"),
            ("PORT_HDR_SET 12", "accepted, reads back 12"),
            ("PORT_HDR_SET 1", "EINVAL, reads back 12"),
            ("PORT_HDR_SET 11", "EINVAL, reads back 12"),
            ("PORT_HDR_SET 20", "EINVAL, reads back 12"),
            ("PORT_HDR_SET, unopened port", "ENXIO"));
    }

    [Test]
    public void A_received_frame_is_recorded_by_where_it_starts_its_length_and_its_checksum()
    {
        var flow = LabAddresses.GuestToStack(IpFamily.IPv4);
        var frame = NetmapAspects.MarkedUdpFrame(flow, "marker", L4ChecksumMode.Partial, out _);
        var observed = new Observation();

        NetmapAspects.AddReceived(observed, new NetmapReceivedFrame(0, 3, frame.Length, NetmapSlotFlags.None, frame), frame);

        observed.Aspects.Should().Contain(NetmapAspects.BufferStart, NetmapAspects.EthernetFirst)
            .And.Contain(NetmapAspects.SlotLength, NetmapAspects.FrameLength)
            .And.Contain(NetmapAspects.Checksum, nameof(ChecksumState.Partial));
        NetmapAspects.Carries(frame, "marker").Should().BeTrue();
    }

    [Test]
    public void No_received_frame_is_recorded_as_such()
    {
        var observed = new Observation();

        NetmapAspects.AddReceived(observed, null, new byte[60]);

        observed.Aspects.Should().Equal(new Dictionary<string, string> { [NetmapAspects.BufferStart] = NetmapAspects.NoFrame });
    }
}
