using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Interop;
using Vnetconf.Model;
using Vnetconf.Reporting;
using Vnetconf.Scenarios;

namespace Vnetconf.Harness.Tests.Scenarios;

/// <summary>The catalogues as data: complete, uniquely keyed, and every expectation carrying a reason and a source.</summary>
public sealed class CatalogueTests
{
    private static readonly KernelVersion Linux618 = new(6, 18, 0);
    private static readonly KernelVersion Linux61 = new(6, 1, 192);
    private static readonly KernelVersion Linux510 = new(5, 10, 223);

    [Test]
    public void Read_path_matrix_has_its_offload_sets_where_the_kernel_takes_them()
    {
        // vnet on/off × offload sets × 3 plain traffics × 2 families, then tunnel offload sets × 2 tunnel traffics × 2 families.
        ReadPathCatalogue.All(Linux618).Should().HaveCount(2 * 4 * 3 * 2 + 3 * 2 * 2);
        ReadPathCatalogue.All(new KernelVersion(6, 12, 0)).Should().HaveCount(2 * 4 * 3 * 2 + 1 * 2 * 2, "the UDP-tunnel offloads are rejected before 6.17");
        ReadPathCatalogue.All(new KernelVersion(6, 1, 0)).Should().HaveCount(2 * 3 * 3 * 2, "USO4|USO6 is rejected before 6.2, so the USO sets are left out, the tunnel cells' too");
    }

    [Test]
    public void Every_scenario_id_is_unique_so_results_can_be_keyed_by_it()
    {
        var ids = ReadPathCatalogue.All(Linux618).Select(s => s.Id)
            .Concat(WritePathCatalogue.All().Select(s => s.Id))
            .Concat(HostileHeaderCatalogue.All.Select(c => c.Id))
            .ToArray();
        ids.Should().OnlyHaveUniqueItems();
        ids.Should().OnlyContain(id => id.StartsWith("host.", StringComparison.Ordinal));
    }

    [Test]
    public void The_kernel_message_for_an_assigned_IPv4_address_is_expected_from_6_6_and_none_before()
    {
        var entry = RtnetlinkContract.All.Single(e => e.Key == "address.ipv4-assigned");
        var before = entry.Expect(Linux61)[RtnetlinkContract.KernelMessage];
        var since = entry.Expect(new KernelVersion(6, 6, 0))[RtnetlinkContract.KernelMessage];
        before.Value.Should().Be("none");
        before.HoldsFor.Should().StartWith("Linux < 6.6");
        since.Value.Should().Be("ipv4: Address already assigned", "net/ipv4/devinet.c: inet_rtm_newaddr sets this extended ack since 6.6");
        entry.Expect(Linux510)[RtnetlinkContract.Answer].Value.Should().Be("EEXIST");
    }

    [Test]
    public void A_hostile_case_keeps_its_id_when_its_title_is_reworded()
    {
        var original = HostileHeaderCatalogue.All[0];
        var reworded = original with { Name = "The control frame, reworded" };

        reworded.Id.Should().Be(original.Id, "results are keyed by id: a new title must not break comparison with older runs");
    }

    [Test]
    public void Hostile_case_ids_are_the_ones_earlier_runs_were_keyed_by()
    {
        // Ids published in results.json since the first wave; a case may be added, never renamed.
        HostileHeaderCatalogue.All.Select(c => c.Id).Should().Contain([
            "host.hostile.a-10-byte-header-with-a-complete-checksum-is-delivered--control-",
            "host.hostile.a-bad-udp-checksum-without-flags-is-accepted-and-dropped-by-udp",
            "host.hostile.a-10-byte-header-on-a-tap-set-to-12-bytes-shifts-the-frame-and-it-is-lost",
        ]);
    }

    [Test]
    public void Every_expectation_names_its_reason_and_the_kernel_source_that_implements_it()
    {
        var expectations = ReadPathCatalogue.All(Linux618).Select(s => ReadPathCatalogue.Expect(s, Linux618))
            .Concat(WritePathCatalogue.All().Select(s => WritePathCatalogue.Expect(s, Linux618)))
            .Concat(HostileHeaderCatalogue.All.Select(c => c.Expect(Linux618)));
        foreach (var (name, value) in expectations.SelectMany(e => e.Aspects))
        {
            value.Reason.Should().NotBeNullOrWhiteSpace(name);
            value.Source.Should().MatchRegex(@"[a-z_/]+\.[ch]", "aspect {0} should cite a kernel file", name);
        }
    }

    [Test]
    public void The_hazard_cells_are_those_with_offloads_and_no_vnet_header()
    {
        var hazards = ReadPathCatalogue.All(Linux618)
            .Where(s => ReadPathCatalogue.Expect(s, Linux618).Aspects.Any(a => a.Value.Reason.StartsWith("HAZARD", StringComparison.Ordinal)))
            .ToArray();
        hazards.Should().NotBeEmpty().And.OnlyContain(s => !s.Tap.VnetHeader && s.Tap.Offloads != TunOffloads.None);
    }

    [Test]
    public void Write_path_expectations_follow_the_NICs_documented_feature_dependencies_not_the_bare_request()
    {
        var lostTso = new WritePathScenario(WriteFrameKind.TcpGso, IpFamily.IPv4, new NicOptions(TxChecksumming: false, Tso: true));
        WritePathCatalogue.Expect(lostTso, Linux618)[FrameAspects.NicOffloads].Value.Should().Contain("tx-tcp-segmentation off");
        WritePathCatalogue.Expect(lostTso, Linux618)[FrameAspects.Segmentation].Value.Should().Be("27 × 1460 B + 1 × 580 B");
        WritePathCatalogue.Expect(lostTso with { Nic = new NicOptions(TxChecksumming: true, Tso: true) }, Linux618)[FrameAspects.Segmentation].Value
            .Should().Be("1 × 40000 B (TCPV4 gso_size 1460)");
    }

    [Test]
    public void A_cell_result_pairs_each_expected_aspect_with_its_observation()
    {
        var expected = new Expectation().Add("header", "10 bytes", "why", "drivers/net/tun.c: tun_put_user");
        var observed = new Observation();
        observed.Aspects["header"] = "none";

        var result = CellResult.From("host.x", "host.read", "x", expected, observed);

        result.Verdict.Should().Be(CellResult.Deviates);
        result.Aspects.Should().ContainSingle().Which.Should().Be(new AspectResult("header", "none", "10 bytes", "why", "drivers/net/tun.c: tun_put_user"));
        CellResult.From("host.x", "host.read", "x", expected, new Observation()).Aspects[0].Observed.Should().Be("nothing");
    }

    [Test]
    public void Every_dropped_hostile_case_names_the_counter_that_proves_where_it_was_dropped()
    {
        foreach (var kernel in new[] { Linux510, Linux61, Linux618 })
        {
            var dropped = HostileHeaderCatalogue.All.Select(c => (c.Name, Expected: c.Expect(kernel)))
                .Where(c => c.Expected[HostileHeaderScenario.Outcome].Value == HostileHeaderScenario.Dropped).ToArray();
            dropped.Should().NotBeEmpty();
            foreach (var (name, expected) in dropped)
                expected.Aspects.Should().Contain(a => a.Name == DropAspects.Counter, "{0} should name its counter on {1}", name, kernel);
        }
    }

    [Test]
    public void A_dropped_case_whose_counter_did_not_move_deviates()
    {
        var badChecksum = HostileHeaderCatalogue.All.Single(c => c.Name.StartsWith("A bad UDP checksum without flags", StringComparison.Ordinal));
        var observed = new Observation();
        foreach (var (name, value) in badChecksum.Expect(Linux618).Aspects) observed.Aspects[name] = value.Value;
        observed.Aspects[DropAspects.Counter] = DropAspects.CounterWords("far Udp.InCsumErrors", 0);

        var result = CellResult.From(badChecksum.Id, HostMatrix.Hostile, badChecksum.Name, badChecksum.Expect(Linux618), observed);
        result.Verdict.Should().Be(CellResult.Deviates, "a drop nobody counted is not the documented drop");
        result.Aspects.Where(a => !a.AsDocumented).Select(a => a.Name).Should().Equal(DropAspects.Counter);
    }

    [Test]
    public void A_write_path_datagram_whose_finished_checksum_is_wrong_is_dropped_where_the_far_UDP_layer_counts_it()
    {
        var dropped = new WritePathScenario(WriteFrameKind.UdpNeedsCsumGarbage, IpFamily.IPv6, new NicOptions(TxChecksumming: false, Tso: false));
        WritePathCatalogue.Expect(dropped, Linux618)[DropAspects.Counter].Value
            .Should().Be("far Udp.InCsumErrors +1", "the socket-side check (__first_packet_length) counts IPv6 datagrams in the IPv4 UDP MIB");
        WritePathCatalogue.Expect(dropped with { Family = IpFamily.IPv4 }, Linux618)[DropAspects.Counter].Value.Should().Be("far Udp.InCsumErrors +1");
        WritePathCatalogue.Expect(dropped with { Nic = new NicOptions() }, Linux618)[DropAspects.Counter].Value
            .Should().Be("far Udp.InCsumErrors +0", "a CHECKSUM_PARTIAL skb is trusted, so the garbage is never checked nor counted");
    }

    [Test]
    public void A_header_two_bytes_short_of_the_TAPs_size_makes_the_kernel_read_a_destination_nobody_owns()
    {
        var shifted = HostileHeaderCatalogue.All.Single(c => c.Name.StartsWith("A 10-byte header on a TAP set to 12", StringComparison.Ordinal));
        shifted.Expect(Linux618)[DropAspects.TapFrame].Value.Should().Be("240 B to 6e:63:00:02:02:76 type 0x4500",
            "the frame is read from byte 12 of the write: the far MAC's last four bytes, the guest's first two, then the IP header's 0x45 0x00");
    }

    // The oracle below is what Debian 11's 5.10.223 and 12's 6.1.192 were observed to do in a guest (docs/VERSIONS.md),
    // and the commits that changed it upstream, read from the kernel's sources and mail: independent of the catalogue's code.

    [TestCase(5, 10, 223, "rejected: EINVAL")]
    [TestCase(6, 1, 192, "rejected: EINVAL")]
    [TestCase(6, 2, 0, "accepted")]
    [TestCase(6, 12, 117, "accepted")]
    public void A_UDP_L4_GSO_write_is_refused_before_Linux_6_2_and_taken_since(int major, int minor, int patch, string write)
    {
        var kernel = new KernelVersion(major, minor, patch);
        var cell = new WritePathScenario(WriteFrameKind.UdpL4Gso, IpFamily.IPv4, new NicOptions());
        var expected = WritePathCatalogue.Expect(cell, kernel);
        expected[FrameAspects.TapWrite].Value.Should().Be(write);
        expected[FrameAspects.TapWrite].HoldsFor.Should().Contain(kernel >= new KernelVersion(6, 2, 0) ? "Linux ≥ 6.2" : "Linux < 6.2").And.Contain("860b7f27b8f7");
        if (write != "accepted") expected[FrameAspects.Delivery].Value.Should().Be("0 datagrams, 0 B");
    }

    [TestCase(6, 1, 192, "rejected: EIO", "on")]
    [TestCase(6, 10, 0, "rejected: EIO", "on")]
    [TestCase(6, 11, 0, "accepted", "off")]
    [TestCase(6, 12, 117, "accepted", "off")]
    public void UDP_GSO_without_checksum_offload_fails_with_EIO_and_veth_keeps_USO_before_Linux_6_11(int major, int minor, int patch, string send, string uso)
    {
        var kernel = new KernelVersion(major, minor, patch);
        var read = ReadPathCatalogue.Expect(new ReadPathScenario(new TapOptions(VnetHeader: true), ReadTraffic.UdpSegment, IpFamily.IPv4), kernel);
        read[FrameAspects.SocketSend].Value.Should().Be(send);
        read[FrameAspects.Segmentation].Value.Should().Be(send == "accepted" ? "3 × 1000 B" : "no frames");

        var write = WritePathCatalogue.Expect(new WritePathScenario(WriteFrameKind.TcpGso, IpFamily.IPv4, new NicOptions(TxChecksumming: false)), kernel);
        write[FrameAspects.NicOffloads].Value.Should().EndWith($"tx-udp-segmentation {uso}");
        write[FrameAspects.NicOffloads].HoldsFor.Should().Contain("2b2bc3bab158");
    }

    [TestCase("needs-csum-starting-inside-the-ethernet-header-is-rejected", "far Udp.InCsumErrors +1")]
    [TestCase("tcpv6-gso-on-an-ipv4-frame-is-rejected", "nic0 tx_dropped +1")]
    public void Headers_whose_csum_start_precedes_the_network_header_are_refused_since_Linux_6_12_and_dropped_before(string key, string counter)
    {
        var hostile = HostileHeaderCatalogue.All.Single(c => c.Key == key);
        hostile.Expect(new KernelVersion(6, 12, 0))[HostileHeaderScenario.Outcome].Value.Should().Be("rejected: EINVAL");
        foreach (var old in new[] { Linux510, Linux61, new KernelVersion(6, 11, 11) })
        {
            var expected = hostile.Expect(old);
            expected[HostileHeaderScenario.Outcome].Value.Should().Be(HostileHeaderScenario.Dropped);
            expected[HostileHeaderScenario.Outcome].HoldsFor.Should().StartWith("Linux < 6.12").And.Contain("49d14b54a527");
            expected[DropAspects.Counter].Value.Should().Be(counter);
        }
    }

    [TestCase(5, 10, 223, "dropped")]
    [TestCase(6, 1, 106, "dropped")]
    [TestCase(6, 1, 107, "rejected: EINVAL")]
    [TestCase(6, 1, 192, "rejected: EINVAL")]
    [TestCase(6, 6, 0, "dropped")]
    [TestCase(6, 11, 0, "rejected: EINVAL")]
    public void TCP_GSO_with_the_UDP_checksum_offset_is_refused_since_6_11_and_6_1_107(int major, int minor, int patch, string outcome)
    {
        var kernel = new KernelVersion(major, minor, patch);
        var hostile = HostileHeaderCatalogue.All.Single(c => c.Key == "tcpv4-gso-on-a-udp-frame-with-the-udp-checksum-offset-is-rejected");
        var expected = hostile.Expect(kernel);
        expected[HostileHeaderScenario.Outcome].Value.Should().Be(outcome);
        expected[HostileHeaderScenario.Outcome].HoldsFor.Should().Contain("89add40066f9").And.Contain("6.1.107");
        if (outcome == HostileHeaderScenario.Dropped) expected[DropAspects.Counter].Value.Should().Be("nic0 tx_dropped +1");
    }

    [TestCase(5, 10, 223, true, "off")]
    [TestCase(5, 11, 0, true, "on")]
    [TestCase(6, 1, 192, true, "on")]
    [TestCase(5, 10, 223, false, "off")]
    [TestCase(6, 1, 192, false, "on")]
    [TestCase(6, 12, 0, false, "off")]
    public void A_veths_tx_udp_segmentation_is_on_by_default_since_5_11_and_follows_checksum_offload_since_6_11(
        int major, int minor, int patch, bool txChecksumming, string uso)
    {
        var nic = NicState.ExpectedFor(new NicOptions(txChecksumming), new KernelVersion(major, minor, patch));
        nic.Value.ToString().Should().EndWith($"tx-udp-segmentation {uso}");
        nic.Value.TxChecksum.Should().Be(txChecksumming);
    }
}
