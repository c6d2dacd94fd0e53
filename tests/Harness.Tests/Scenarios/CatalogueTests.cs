using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Interop;
using Vnetconf.Reporting;
using Vnetconf.Scenarios;

namespace Vnetconf.Harness.Tests.Scenarios;

/// <summary>The catalogues as data: complete, uniquely keyed, and every expectation carrying a reason and a source.</summary>
public sealed class CatalogueTests
{
    private static readonly KernelVersion Linux618 = new(6, 18, 0);

    [Test]
    public void Read_path_matrix_has_48_cells_on_a_kernel_with_USO_and_36_without()
    {
        ReadPathCatalogue.All(Linux618).Should().HaveCount(2 * 4 * 3 * 2);
        ReadPathCatalogue.All(new KernelVersion(6, 1, 0)).Should().HaveCount(2 * 3 * 3 * 2, "USO4|USO6 is rejected before 6.2, so that offload set is left out");
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
        var expectations = ReadPathCatalogue.All(Linux618).Select(ReadPathCatalogue.Expect)
            .Concat(WritePathCatalogue.All().Select(WritePathCatalogue.Expect))
            .Concat(HostileHeaderCatalogue.All.Select(c => c.Expect()));
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
            .Where(s => ReadPathCatalogue.Expect(s).Aspects.Any(a => a.Value.Reason.StartsWith("HAZARD", StringComparison.Ordinal)))
            .ToArray();
        hazards.Should().NotBeEmpty().And.OnlyContain(s => !s.Tap.VnetHeader && s.Tap.Offloads != TunOffloads.None);
    }

    [Test]
    public void Write_path_expectations_follow_the_NICs_documented_feature_dependencies_not_the_bare_request()
    {
        var lostTso = new WritePathScenario(WriteFrameKind.TcpGso, IpFamily.IPv4, new NicOptions(TxChecksumming: false, Tso: true));
        WritePathCatalogue.Expect(lostTso)[FrameAspects.NicOffloads].Value.Should().Contain("tx-tcp-segmentation off");
        WritePathCatalogue.Expect(lostTso)[FrameAspects.Segmentation].Value.Should().Be("27 × 1460 B + 1 × 580 B");
        WritePathCatalogue.Expect(lostTso with { Nic = new NicOptions(TxChecksumming: true, Tso: true) })[FrameAspects.Segmentation].Value
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
        var dropped = HostileHeaderCatalogue.All.Where(c => c.ExpectedOutcome == HostileHeaderCase.Dropped).ToArray();
        dropped.Should().NotBeEmpty();
        foreach (var c in dropped)
            c.Expect().Aspects.Should().Contain(a => a.Name == DropAspects.Counter, "{0} should name its counter", c.Name);
    }

    [Test]
    public void A_dropped_case_whose_counter_did_not_move_deviates()
    {
        var badChecksum = HostileHeaderCatalogue.All.Single(c => c.Name.StartsWith("A bad UDP checksum without flags", StringComparison.Ordinal));
        var observed = new Observation();
        foreach (var (name, value) in badChecksum.Expect().Aspects) observed.Aspects[name] = value.Value;
        observed.Aspects[DropAspects.Counter] = DropAspects.CounterWords("far Udp.InCsumErrors", 0);

        var result = CellResult.From(badChecksum.Id, HostMatrix.Hostile, badChecksum.Name, badChecksum.Expect(), observed);
        result.Verdict.Should().Be(CellResult.Deviates, "a drop nobody counted is not the documented drop");
        result.Aspects.Where(a => !a.AsDocumented).Select(a => a.Name).Should().Equal(DropAspects.Counter);
    }

    [Test]
    public void A_write_path_datagram_whose_finished_checksum_is_wrong_is_dropped_where_the_far_UDP_layer_counts_it()
    {
        var dropped = new WritePathScenario(WriteFrameKind.UdpNeedsCsumGarbage, IpFamily.IPv6, new NicOptions(TxChecksumming: false, Tso: false));
        WritePathCatalogue.Expect(dropped)[DropAspects.Counter].Value
            .Should().Be("far Udp.InCsumErrors +1", "the socket-side check (__first_packet_length) counts IPv6 datagrams in the IPv4 UDP MIB");
        WritePathCatalogue.Expect(dropped with { Family = IpFamily.IPv4 })[DropAspects.Counter].Value.Should().Be("far Udp.InCsumErrors +1");
        WritePathCatalogue.Expect(dropped with { Nic = new NicOptions() })[DropAspects.Counter].Value
            .Should().Be("far Udp.InCsumErrors +0", "a CHECKSUM_PARTIAL skb is trusted, so the garbage is never checked nor counted");
    }

    [Test]
    public void A_header_two_bytes_short_of_the_TAPs_size_makes_the_kernel_read_a_destination_nobody_owns()
    {
        var shifted = HostileHeaderCatalogue.All.Single(c => c.Name.StartsWith("A 10-byte header on a TAP set to 12", StringComparison.Ordinal));
        shifted.Expect()[DropAspects.TapFrame].Value.Should().Be("240 B to 6e:63:00:02:02:76 type 0x4500",
            "the frame is read from byte 12 of the write: the far MAC's last four bytes, the guest's first two, then the IP header's 0x45 0x00");
    }
}
