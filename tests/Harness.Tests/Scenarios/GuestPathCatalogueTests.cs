using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Guest;
using Vnetconf.Packets;
using Vnetconf.Scenarios;

namespace Vnetconf.Harness.Tests.Scenarios;

/// <summary>The guest-path catalogue's rules, fed conditions by hand: expectations follow negotiation and NIC state.</summary>
public sealed class GuestPathCatalogueTests
{
    private static readonly NicState Offloading = new(TxChecksum: true, Tso4: true, Tso6: true, Uso: true);
    private static readonly NicState Plain = new(TxChecksum: false, Tso4: false, Tso6: false, Uso: false);

    private static readonly VirtioFeatureSet AllOffloads = VirtioFeatureSet.Of(
        VirtioNetFeature.CSUM, VirtioNetFeature.GUEST_CSUM, VirtioNetFeature.HOST_TSO4, VirtioNetFeature.GUEST_TSO4,
        VirtioNetFeature.HOST_TSO6, VirtioNetFeature.GUEST_TSO6, VirtioNetFeature.VERSION_1);

    private static readonly VirtioFeatureSet TcpV4Only = VirtioFeatureSet.Of(
        VirtioNetFeature.CSUM, VirtioNetFeature.GUEST_CSUM, VirtioNetFeature.HOST_TSO4, VirtioNetFeature.GUEST_TSO4, VirtioNetFeature.VERSION_1);

    private static readonly VirtioFeatureSet NoOffloads = VirtioFeatureSet.Of(VirtioNetFeature.VERSION_1);

    private static GuestPathScenario Cell(GuestPathDirection direction, bool nicOffloads = true) =>
        new(GuestBackend.VnetHeaderModern, new NicOptions(nicOffloads, nicOffloads), direction, IPProtocol.Tcp);

    [Test]
    public void Every_backend_runs_twenty_cells_with_unique_guest_ids()
    {
        // 2 NIC settings × 2 directions × TCP/UDP × IPv4/IPv6, and 2 NIC settings × 2 directions of VXLAN-tunnelled UDP GSO
        GuestPathCatalogue.All().Should().HaveCount(GuestBackend.All.Count * (16 + 4));
        GuestPathCatalogue.All().Select(s => s.Id).Should().OnlyHaveUniqueItems().And.OnlyContain(id => id.StartsWith("guest.", StringComparison.Ordinal));
    }

    [Test]
    public void Guest_TX_reaches_the_far_end_as_partial_super_frames_only_with_CSUM_HOST_TSO4_and_an_offloading_NIC()
    {
        var offloaded = GuestPathCatalogue.Expect(Cell(GuestPathDirection.Transmit), new(AllOffloads, true, true, Offloading, Offloading));
        offloaded[FrameAspects.Checksum].Value.Should().Be("partial, NEEDS_CSUM 34+16");
        offloaded[FrameAspects.Segmentation].Value.Should().Be("super-frames: TCPV4 gso_size 1448");

        var offloaded6 = GuestPathCatalogue.Expect(Cell(GuestPathDirection.Transmit) with { Family = IpFamily.IPv6 }, new(AllOffloads, true, true, Offloading, Offloading));
        offloaded6[FrameAspects.Checksum].Value.Should().Be("partial, NEEDS_CSUM 54+16", "the TCP header starts after 14 + 40 bytes");
        offloaded6[FrameAspects.Segmentation].Value.Should().Be("super-frames: TCPV6 gso_size 1428", "1500 − 40 − 20 − 12");
        GuestPathCatalogue.Expect(Cell(GuestPathDirection.Transmit) with { Family = IpFamily.IPv6 }, new(TcpV4Only, true, true, Offloading, Offloading))
            [FrameAspects.Segmentation].Value.Should().Be("frames of at most 1514 B", "HOST_TSO4 alone gives the guest no NETIF_F_TSO6");

        var fixedUp = GuestPathCatalogue.Expect(Cell(GuestPathDirection.Transmit, nicOffloads: false), new(AllOffloads, true, true, Plain, Plain));
        fixedUp[FrameAspects.Checksum].Value.Should().Be("complete, no flags");
        fixedUp[FrameAspects.Segmentation].Value.Should().Be("frames of at most 1514 B");
        fixedUp[FrameAspects.Segmentation].Source.Should().Contain("skb_gso_segment");

        var softwareInGuest = GuestPathCatalogue.Expect(Cell(GuestPathDirection.Transmit), new(NoOffloads, false, true, Offloading, Offloading));
        softwareInGuest[FrameAspects.Segmentation].Source.Should().Contain("virtio_net_get_features");
    }

    [Test]
    public void Guest_RX_super_frames_need_GUEST_TSO4_and_rx_gro_hw()
    {
        var delivered = GuestPathCatalogue.Expect(Cell(GuestPathDirection.Receive), new(AllOffloads, GuestGroHw: true, GuestGro: false, Offloading, Offloading));
        delivered[FrameAspects.Segmentation].Value.Should().Be("super-frames: TCPV4 gso_size 1448");

        var withdrawn = GuestPathCatalogue.Expect(Cell(GuestPathDirection.Receive), new(AllOffloads, GuestGroHw: false, GuestGro: false, Offloading, Offloading));
        withdrawn[FrameAspects.Segmentation].Value.Should().Be("frames of at most 1514 B");
        withdrawn[FrameAspects.Checksum].Value.Should().Be("partial, NEEDS_CSUM 34+16", "GUEST_CSUM keeps TUN_F_CSUM on the TAP");
    }

    [Test]
    public void Guest_RX_shows_DATA_VALID_only_where_the_guests_GRO_verified_a_complete_checksum()
    {
        GuestPathCatalogue.Expect(Cell(GuestPathDirection.Receive, nicOffloads: false), new(NoOffloads, false, GuestGro: true, Plain, Plain))[FrameAspects.Checksum].Value
            .Should().Be("complete, DATA_VALID");
        GuestPathCatalogue.Expect(Cell(GuestPathDirection.Receive, nicOffloads: false), new(NoOffloads, false, GuestGro: false, Plain, Plain))[FrameAspects.Checksum].Value
            .Should().Be("complete, no flags");
    }

    [Test]
    public void TCP_and_tunnel_receive_cells_alone_run_without_the_guests_GRO()
    {
        GuestPathCatalogue.All().Where(s => !GuestPathProbe.GuestGroDuring(s))
            .Should().OnlyContain(s => s.Direction == GuestPathDirection.Receive && (s.Protocol == IPProtocol.Tcp || s.Tunnelled))
            .And.HaveCount(GuestBackend.All.Count * (2 * 2 + 2), "one per NIC setting and IP family for TCP, one per NIC setting for the IPv4 tunnel");
    }

    [Test]
    public void A_tunnel_super_frame_the_guest_negotiated_is_documented_as_refused_with_the_counter_that_proves_it()
    {
        var receive = new GuestPathScenario(GuestBackend.VnetHeaderModern, GuestPathCatalogue.NicSettings[0], GuestPathDirection.Receive, IPProtocol.Udp, Tunnelled: true);
        var tunnel = VirtioFeatureSet.Of(VirtioNetFeature.GUEST_USO4, VirtioNetFeature.GUEST_USO6, VirtioNetFeature.GUEST_UDP_TUNNEL_GSO);
        var whole = GuestPathCatalogue.Expect(receive, new GuestPathConditions(new(AllOffloads.Bits | tunnel.Bits), true, false, Offloading, Offloading));
        var segmented = GuestPathCatalogue.Expect(receive, new GuestPathConditions(AllOffloads, true, false, Offloading, Offloading));

        whole["drop counter"].Value.Should().Be("guest eth0 rx_frame_errors +1");
        whole["drop counter"].Defect.Should().BeTrue();
        whole["delivery"].Value.Should().Be("0 datagrams, 0 B");
        segmented["drop counter"].Value.Should().Be("guest eth0 rx_frame_errors +0");
        segmented["delivery"].Value.Should().Be("3 datagrams, 3000 B");
        segmented["segmentation"].Value.Should().Be("3 × 1000 B");
    }

    [Test]
    public void Every_guest_expectation_names_its_reason_and_source()
    {
        var conditions = new GuestPathConditions(AllOffloads, true, true, Offloading, Plain);
        GuestPathCatalogue.All().SelectMany(s => GuestPathCatalogue.Expect(s, conditions).Aspects)
            .Should().OnlyContain(a => a.Value.Reason.Length > 0 && a.Value.Source.Length > 0);
    }
}
