using System.Xml.Linq;
using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Model;
using Vnetconf.Reporting;
using Vnetconf.Scenarios;

namespace Vnetconf.Harness.Tests.Reporting;

/// <summary>The "documented defect" verdict from the expectation to every report, and what compare makes of a fixed one.</summary>
public sealed class DocumentedDefectTests
{
    private static readonly Expectation Shifted = new Expectation()
        .Add("adapter", "Native", "admode=1", "netmap.c: netmap_get_hw_na")
        .Add("buffer start", "2 bytes, then Ethernet", "netmap reserves 10 header bytes where the device writes 12", "virtio_netmap.h: virtio_netmap_rxsync", defect: true);

    private static CellResult Judge(string bufferStart)
    {
        var observed = new Observation();
        observed.Aspects["adapter"] = "Native";
        observed.Aspects["buffer start"] = bufferStart;
        return CellResult.From("netmap.guest.rx.x", "netmap.rx", "native, modern, mrg_rxbuf=off", Shifted, observed);
    }

    private static RunResults Run(params CellResult[] cells) =>
        new(RunResults.CurrentSchema, DateTimeOffset.UnixEpoch, new Dictionary<string, string>(), cells);

    [Test]
    public void A_cell_that_shows_a_documented_defect_gets_its_own_verdict_and_passes()
    {
        var result = Judge("2 bytes, then Ethernet");

        result.Verdict.Should().Be(CellResult.DocumentedDefect);
        result.IsDeviation.Should().BeFalse();
        result.Defects.Select(a => a.Name).Should().Equal("buffer start");
    }

    [Test]
    public void A_build_that_fixes_the_defect_deviates_and_compare_shows_the_change()
    {
        var fixedBuild = Judge("Ethernet header");

        fixedBuild.Verdict.Should().Be(CellResult.Deviates);
        var comparison = ResultsComparison.Of([("defect", Run(Judge("2 bytes, then Ethernet"))), ("fixed", Run(fixedBuild))]);
        comparison.Rows.Where(r => r.Differs).Select(r => r.Aspect).Should().Equal("buffer start");
    }

    [Test]
    public void The_summary_counts_documented_defects_apart()
    {
        Run(Judge("2 bytes, then Ethernet"), Judge("2 bytes, then Ethernet") with { Id = "other" }).Summary
            .Should().StartWith("2 cells, 0 as documented, 2 documented defects, 0 deviating");
    }

    [Test]
    public void Report_md_lists_each_defect_with_its_reason_and_source()
    {
        MarkdownReport.Render(Run(Judge("2 bytes, then Ethernet")))
            .Should().Contain("## Documented defects")
            .And.Contain("netmap reserves 10 header bytes where the device writes 12 (virtio_netmap.h: virtio_netmap_rxsync)");
    }

    [Test]
    public void JUnit_passes_a_documented_defect_and_says_it_in_the_output()
    {
        var testcase = XDocument.Parse(JUnitReport.Render([("this run", Run(Judge("2 bytes, then Ethernet")))])).Descendants("testcase").Single();

        testcase.Elements().Select(e => e.Name.LocalName).Should().Equal("system-out");
        testcase.Element("system-out")!.Value.Should().StartWith("documented defect: buffer start 2 bytes, then Ethernet");
    }
}
