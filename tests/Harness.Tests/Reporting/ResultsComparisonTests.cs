using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Model;
using Vnetconf.Reporting;

namespace Vnetconf.Harness.Tests.Reporting;

/// <summary>What a comparison counts as a difference, and what it keeps apart as not run.</summary>
public sealed class ResultsComparisonTests
{
    private static readonly ResultsComparison Three = ResultsComparison.Of(SampleRuns.ThreeStacks);

    private static ComparisonRow Row(ResultsComparison comparison, string cell, string aspect) =>
        comparison.Rows.Should().ContainSingle(r => r.CellId == cell && r.Aspect == aspect).Which;

    [Test]
    public void Only_a_value_two_runs_observed_differently_is_a_difference()
    {
        Three.DifferingCount.Should().Be(1);
        var gso = Row(Three, "guest.tx.vnet-on.tso4", "gso");
        gso.Values.Select(v => v.Text).Should().Equal("tcpv4 1448", "none", "tcpv4 1448");
        Enumerable.Range(0, 3).Select(gso.DiffersIn).Should().Equal(false, true, false);
    }

    [Test]
    public void A_cell_the_candidate_skipped_is_not_run_there_not_a_difference_and_a_gap_for_the_gate()
    {
        var hostRead = Row(Three, "host.read.vnet.csum.udpdatagram.ipv4", "checksum");

        hostRead.Values[2].WasRun.Should().BeFalse();
        hostRead.Values[2].Text.Should().Be(ComparedValue.NotRunText);
        hostRead.Values[2].NotRunReason.Should().Be($"skipped: {SampleRuns.HostReadSkipReason}");
        hostRead.Differs.Should().BeFalse();
        hostRead.MissingIn(2).Should().BeTrue();
        Three.Untested.Should().Equal(new NotRunCell(2, "host.read.vnet.csum.udpdatagram.ipv4", "UDP datagram, vnet_hdr, CSUM", $"skipped: {SampleRuns.HostReadSkipReason}"));
    }

    [Test]
    public void A_cell_the_baseline_lacks_is_listed_as_not_run_there_and_is_no_gap()
    {
        var comparison = ResultsComparison.Of([SampleRuns.TwoStacks[0], (SampleRuns.TwoStacks[1].Stack, SampleRuns.Stack("6.12", deviating: false))]);

        comparison.DifferingCount.Should().Be(0);
        comparison.Untested.Should().BeEmpty();
        // Skipped on the candidate, absent from the baseline: nothing observed anywhere, so no behaviour, and listed for both.
        comparison.Rows.Should().NotContain(r => r.CellId.StartsWith("netmap", StringComparison.Ordinal));
        comparison.NotRun.Should().Equal(
            new NotRunCell(0, "netmap.rx.generic.vnet-on", "netmap RX, generic", "not in this run's results"),
            new NotRunCell(1, "netmap.rx.generic.vnet-on", "netmap RX, generic", "skipped: no netmap modules: set VNETCONF_NETMAP_MODULES or pass --netmap-modules DIR"));
    }

    [Test]
    public void An_error_where_the_baseline_observed_a_value_is_a_difference_and_the_same_error_is_none()
    {
        var observed = new CellResult("guest.rx.vnet-on.udp", "guest.rx", "guest RX, UDP", CellResult.AsDocumented, [SampleRuns.Documented], []);
        var baseline = SampleRuns.Stack("6.1", deviating: false);
        var comparison = ResultsComparison.Of([("a", baseline with { Cells = [.. baseline.Cells.Select(c => c.Id == observed.Id ? observed : c)] }), ("b", baseline)]);

        var row = Row(comparison, observed.Id, "checksum");
        row.Values[1].Text.Should().Be("error: TimeoutException: no frame within 5 s", "the first line says what failed; the rest is evidence for the report");
        row.Differs.Should().BeTrue();
        // In SampleRuns.TwoStacks both stacks fail that cell with the same error: one behaviour, "error", equal.
        Row(ResultsComparison.Of(SampleRuns.TwoStacks), observed.Id, ResultsComparison.ErrorAspect).Differs.Should().BeFalse();
    }

    [TestCase("AgentException: guest agent: the channel closed while waiting for run-cell. QEMU pid 23834 has exited with status 0\nConsole: …",
        "AgentException: guest agent: the channel closed while waiting for run-cell")]
    [TestCase("SyscallException: write(3052 bytes) on tap tap0 in stack-57-85 failed: EINVAL (Invalid argument)",
        "SyscallException: write(3052 bytes) on tap tap0 in stack-57-85 failed: EINVAL (Invalid argument)")]
    public void Two_runs_that_fail_alike_compare_equal_whatever_their_pids_and_consoles(string error, string summary) =>
        ResultsComparison.ErrorSummary(error).Should().Be(summary);

    [Test]
    public void A_cell_an_interrupted_run_did_not_judge_is_not_run_with_the_interruption_as_reason()
    {
        var baseline = SampleRuns.Stack("6.1", deviating: false);
        var interrupted = baseline with { Cells = baseline.Cells.Take(1).ToArray(), Interrupted = "SIGINT after 1 judged cells" };

        var comparison = ResultsComparison.Of([("a", baseline), ("b", interrupted)]);

        comparison.DifferingCount.Should().Be(0);
        comparison.Untested.Select(c => c.CellId).Should().Equal("guest.tx.vnet-on.tso4", "guest.rx.vnet-on.udp");
        comparison.Untested.Should().OnlyContain(c => c.Reason == "not judged before the run was interrupted (SIGINT after 1 judged cells)");
    }

    [Test]
    public void The_counts_per_run_add_up()
    {
        Three.Rows.Should().HaveCount(4);
        Three.ComparedCount.Should().Be(4);
        Enumerable.Range(0, 3).Select(Three.ObservedIn).Should().Equal(4, 4, 3);
        Enumerable.Range(0, 3).Select(Three.DifferingIn).Should().Equal(0, 1, 0);
        Enumerable.Range(0, 3).Select(Three.CellsNotRunIn).Should().Equal(1, 1, 2);
        Three.VersionKeys.Should().Equal(EnvironmentKeys.Node, EnvironmentKeys.HostKernel, EnvironmentKeys.GuestKernel);
    }
}
