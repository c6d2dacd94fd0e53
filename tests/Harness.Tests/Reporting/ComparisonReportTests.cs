using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using FluentAssertions;
using Markdig;
using NUnit.Framework;
using ScottPlot.Plottables;
using ScottPlot.TickGenerators;
using Vnetconf.Cli;
using Vnetconf.Model;
using Vnetconf.Reporting;

namespace Vnetconf.Harness.Tests.Reporting;

/// <summary>
/// compare.md and compare.html read by independent parsers, as their readers would: the Markdown by Markdig with
/// GitHub's pipe tables (rendered to HTML), both pages' tables by AngleSharp's HTML5 parser. Three stacks: one value
/// differs on the second, the third skipped a cell the baseline ran, and a netmap cell ran nowhere.
/// </summary>
public sealed class ComparisonReportTests
{
    private static readonly ResultsComparison Three = ResultsComparison.Of(SampleRuns.ThreeStacks);
    private static readonly string[] Columns = ["baseline: debian-12", "#1: debian-13", "#2: worker-2"];
    private const string HostRead = "host.read.vnet.csum.udpdatagram.ipv4";

    private static IDocument Parse(string html) => new HtmlParser().ParseDocument(html);

    private static IDocument Markdown() =>
        Parse(Markdig.Markdown.ToHtml(ComparisonMarkdown.Render(Three), new MarkdownPipelineBuilder().UsePipeTables().Build()));

    /// <summary>The first table after the heading <paramref name="heading"/>.</summary>
    private static IElement TableAfter(IDocument document, string heading)
    {
        var h2 = document.QuerySelectorAll("h2").Should().ContainSingle(h => h.TextContent == heading).Which;
        var next = h2.NextElementSibling;
        while (next is not null && next.LocalName != "table" && next.LocalName != "h2") next = next.NextElementSibling;
        next.Should().NotBeNull($"a table under '{heading}'");
        next!.LocalName.Should().Be("table");
        return next;
    }

    private static string[] Texts(IEnumerable<IElement> elements) => [.. elements.Select(e => e.TextContent.Trim())];

    [Test]
    public void Markdown_lists_every_behaviour_with_a_column_per_run_and_bold_where_a_value_differs()
    {
        var table = TableAfter(Markdown(), "Every behaviour");

        Texts(table.QuerySelectorAll("thead th")).Should().Equal(["cell", "aspect", .. Columns]);
        var rows = table.QuerySelectorAll("tbody tr");
        rows.Should().HaveCount(Three.Rows.Count).And.OnlyContain(r => r.Children.Length == 2 + Columns.Length);
        var gso = rows.Should().ContainSingle(r => r.Children[0].TextContent == "guest.tx.vnet-on.tso4" && r.Children[1].TextContent == "gso").Which;
        gso.QuerySelectorAll("strong").Should().ContainSingle().Which.TextContent.Should().Be("none");
        gso.Children[3].QuerySelector("strong").Should().NotBeNull("the second run's value is the one that differs");
        var hostRead = rows.Should().ContainSingle(r => r.Children[0].TextContent == HostRead).Which;
        hostRead.Children[4].QuerySelector("em")!.TextContent.Should().Be(ComparedValue.NotRunText);
        hostRead.QuerySelector("strong").Should().BeNull("not run is never a difference");
        // An error's message spans two lines; the comparison shows its first (what failed), the report keeps the rest.
        rows.Should().ContainSingle(r => r.Children[0].TextContent == "guest.rx.vnet-on.udp").Which.Children[2].TextContent
            .Should().Be("error: TimeoutException: no frame within 5 s");
    }

    [Test]
    public void Markdown_lists_the_differences_apart_and_the_runs_with_their_versions_and_counts()
    {
        var document = Markdown();

        Texts(TableAfter(document, "Behaviours that differ from the baseline").QuerySelectorAll("tbody tr td:nth-child(2)")).Should().Equal("gso");
        var runs = TableAfter(document, "Runs");
        Texts(runs.QuerySelectorAll("thead th")).Should().Equal("run", "node", "host kernel", "guest kernel", "behaviours observed", "differ from the baseline",
            "behaviours not run", "cells not run");
        Texts(runs.QuerySelectorAll("tbody tr")[2].Children).Should().Equal("#2: worker-2", "worker-2", "6.18.44", "6.12.57+deb13-cloud-amd64", "3", "0", "1", "2");
        Texts(runs.QuerySelectorAll("tbody tr")[0].Children).Should().Equal("baseline: debian-12", "—", "6.18.44", "6.1.0-40-cloud-amd64", "4", "—", "0", "1");
    }

    [Test]
    public void Markdown_and_HTML_list_the_cells_not_run_apart_with_the_reason()
    {
        string[][] expected =
        [
            ["#2: worker-2", HostRead, $"skipped: {SampleRuns.HostReadSkipReason}"],
            ["baseline: debian-12", "netmap.rx.generic.vnet-on", "not in this run's results"],
        ];
        foreach (var table in new[] { TableAfter(Markdown(), "Not run"), Parse(ComparisonHtml.Render(Three)).QuerySelector("#not-run")! })
        {
            var rows = table.QuerySelectorAll("tr").Where(r => r.QuerySelector("td") is not null).Select(r => Texts(r.Children)).ToArray();
            rows.Should().HaveCount(Three.NotRun.Count);
            rows[0].Should().Equal(expected[0]);
            rows[1].Should().Equal(expected[1]);
        }
    }

    [Test]
    public void HTML_heads_each_run_with_its_versions_and_node()
    {
        var headers = Parse(ComparisonHtml.Render(Three)).QuerySelectorAll("#behaviours thead th");

        Texts(headers.Take(2)).Should().Equal("cell", "aspect");
        headers.Skip(2).Select(h => h.FirstChild!.TextContent).Should().Equal(Columns);
        headers[3].QuerySelector(".versions")!.InnerHtml.Should().Be("host kernel 6.18.44<br>guest kernel 6.12.57+deb13-cloud-amd64");
        headers[4].QuerySelector(".versions")!.InnerHtml.Should().StartWith("node worker-2<br>");
    }

    [Test]
    public void HTML_marks_the_differing_value_and_its_row_and_gives_a_not_run_value_its_reason()
    {
        var document = Parse(ComparisonHtml.Render(Three));
        var rows = document.QuerySelectorAll("#behaviours tbody tr");

        rows.Should().HaveCount(Three.Rows.Count).And.OnlyContain(r => r.Children.Length == 2 + Columns.Length);
        rows.Where(r => r.ClassList.Contains("differs")).Select(r => r.Children[1].TextContent).Should().Equal("gso");
        rows.Count(r => r.ClassList.Contains("same")).Should().Be(Three.Rows.Count - 1);
        var differing = document.QuerySelectorAll("#behaviours td.differs").Should().ContainSingle().Which;
        differing.TextContent.Should().Be("none");
        Array.IndexOf(differing.ParentElement!.Children.ToArray(), differing).Should().Be(3, "the value of #1, after cell, aspect and the baseline");
        var notRun = document.QuerySelectorAll("#behaviours td.not-run").Should().ContainSingle().Which;
        notRun.TextContent.Should().Be(ComparedValue.NotRunText);
        notRun.GetAttribute("title").Should().Be($"skipped: {SampleRuns.HostReadSkipReason}");
        notRun.ParentElement!.ClassList.Should().Contain("same", "not run is never a difference");
    }

    [Test]
    public void HTML_is_self_contained()
    {
        var document = Parse(ComparisonHtml.Render(Three));

        document.All.Should().NotContain(e => e.HasAttribute("src") || e.HasAttribute("href"), "nothing may be fetched: the page opens offline");
        document.QuerySelectorAll("link, iframe, img, object").Should().BeEmpty();
        document.QuerySelectorAll("script").Should().ContainSingle().Which.TextContent.Should().Contain("differences-only");
        document.QuerySelector("input#differences-only[type=checkbox]").Should().NotBeNull();
    }

    /// <summary>
    /// Two small runs whose counts are known by hand: the baseline observed a.checksum, a.gso and b.checksum and skipped
    /// c; the candidate agrees on a.checksum, differs on a.gso, skipped b and observed c.checksum, which the baseline
    /// did not run. Four behaviours, so each run's bar has four.
    /// </summary>
    private static ResultsComparison Small()
    {
        static AspectResult Aspect(string name, string observed) => new(name, observed, observed, "a reason", "a source");
        static RunResults Run(string guestKernel, params CellResult[] cells) => new(RunResults.CurrentSchema, DateTimeOffset.Parse("2026-12-01T10:00:00Z"),
            new Dictionary<string, string> { [EnvironmentKeys.GuestKernel] = guestKernel }, cells);
        return ResultsComparison.Of(
        [
            ("base.json", Run("6.1.0-40-cloud-amd64",
                new CellResult("a", "guest.tx", "cell a", CellResult.AsDocumented, [Aspect("checksum", "partial"), Aspect("gso", "none")], []),
                new CellResult("b", "guest.tx", "cell b", CellResult.AsDocumented, [Aspect("checksum", "complete")], []),
                CellResult.FromSkip("c", "guest.rx", "cell c", "no QEMU"))),
            ("cand.json", Run("6.12.57+deb13-cloud-amd64",
                new CellResult("a", "guest.tx", "cell a", CellResult.AsDocumented, [Aspect("checksum", "partial"), Aspect("gso", "tcpv4 1448")], []),
                CellResult.FromSkip("b", "guest.tx", "cell b", "no QEMU"),
                new CellResult("c", "guest.rx", "cell c", CellResult.AsDocumented, [Aspect("checksum", "partial")], []))),
        ]);
    }

    [Test]
    public void The_chart_has_a_bar_per_run_made_of_the_comparisons_own_counts()
    {
        var (plot, width, height) = Charts.Comparison(Small());
        plot.GetSvgXml(width, height); // drawn, so the axis holds the ticks it showed

        var bars = plot.GetPlottables().OfType<BarPlot>().Should().ContainSingle().Which.Bars;
        // The baseline's bar on top (position 1), the candidate's below; each segment's length by its colour.
        Dictionary<string, double> Segments(int position) => bars.Where(b => b.Position == position).ToDictionary(b => b.FillColor.ToHex(), b => b.Value - b.ValueBase);
        Segments(1).Should().BeEquivalentTo(new Dictionary<string, double> { [Charts.Documented.ToHex()] = 3, [Charts.NotRun.ToHex()] = 1 });
        Segments(0).Should().BeEquivalentTo(new Dictionary<string, double>
        {
            [Charts.Documented.ToHex()] = 1, [Charts.Deviating.ToHex()] = 1, [Charts.Unmatched.ToHex()] = 1, [Charts.NotRun.ToHex()] = 1,
        });
        bars.Should().OnlyContain(b => b.Label == (b.Value - b.ValueBase).ToString(), "each segment is labelled with its count");
        var ticks = plot.Axes.Left.TickGenerator.Should().BeOfType<NumericManual>().Which.Ticks;
        ticks.Single(t => t.Position == 1).Label.Should().Be("baseline: base.json\nguest kernel 6.1.0-40-cloud-amd64");
        ticks.Single(t => t.Position == 0).Label.Should().Be("#1: cand.json\nguest kernel 6.12.57+deb13-cloud-amd64");
    }

    [Test]
    public void HTML_embeds_the_chart_as_SVG_headed_by_each_run()
    {
        var figure = Parse(ComparisonHtml.Render(Small())).QuerySelector("figure#comparison-chart");

        figure.Should().NotBeNull();
        var svg = figure!.QuerySelector("svg");
        svg.Should().NotBeNull();
        var texts = Texts(svg!.QuerySelectorAll("text"));
        texts.Should().Contain(["Behaviours per run, against the baseline", "baseline: base.json", "#1: cand.json", "differs from the baseline", "not run"]);
    }

    [Test]
    public void Markdown_shows_the_chart_that_is_written_beside_it_as_PNG()
    {
        var directory = Directory.CreateTempSubdirectory("vnetconf-compare-chart-");
        try
        {
            CompareCommand.WriteReports(Small(), directory);

            var markdown = Parse(Markdig.Markdown.ToHtml(File.ReadAllText(Path.Combine(directory.FullName, ComparisonMarkdown.FileName))));
            var image = markdown.QuerySelectorAll("img").Should().ContainSingle().Which;
            image.GetAttribute("alt").Should().Be(ComparisonMarkdown.ChartText);
            var png = Path.Combine(directory.FullName, image.GetAttribute("src")!);
            File.Exists(png).Should().BeTrue("compare.md links the PNG written beside it");
            var bytes = File.ReadAllBytes(png);
            bytes.Take(8).Should().Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0d, 0x0a, 0x1a, 0x0a]);
            // IHDR: width and height, big-endian, after the signature and the chunk's length and type.
            System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)).Should().BeGreaterThan(500);
            System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)).Should().BeGreaterThan(200);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
