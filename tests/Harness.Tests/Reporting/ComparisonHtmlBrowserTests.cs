using System.Text.Json;
using AngleSharp.Html.Parser;
using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Reporting;

namespace Vnetconf.Harness.Tests.Reporting;

/// <summary>
/// compare.html in a real browser (<see cref="HeadlessChromium"/>): it loads without a console message and shows the
/// comparison chart; its filter is
/// driven by a probe script appended to a copy of the page, which reads the rows' computed visibility, clicks the
/// "differences only" checkbox as a user would, reads it again and writes what it saw into the DOM that --dump-dom
/// prints. A screenshot compare-screenshot.png is written next to the page.
/// </summary>
[Category("Browser")]
public sealed class ComparisonHtmlBrowserTests
{
    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    private string directory = null!;
    private string page = null!;

    private const string Probe = """
        <script>
        const rows = [...document.querySelectorAll('#behaviours tbody tr')];
        const visible = () => rows.filter(r => getComputedStyle(r).display !== 'none').map(r => r.className);
        const initially = visible();
        document.getElementById('differences-only').click();
        const afterClick = visible();
        const background = selector => getComputedStyle(document.querySelector(selector)).backgroundColor;
        const probe = document.createElement('pre');
        probe.id = 'probe';
        probe.textContent = JSON.stringify({ initially, afterClick, differs: background('td.differs'), other: background('tr.same td:nth-child(3)') });
        document.body.append(probe);
        </script>
        """;

    private sealed record ProbeResult(string[] Initially, string[] AfterClick, string Differs, string Other);

    [SetUp]
    public void WritePage()
    {
        HeadlessChromium.RequireInstalled();
        directory = Path.Combine(TestContext.CurrentContext.WorkDirectory, "browser");
        Directory.CreateDirectory(directory);
        page = Path.Combine(directory, ComparisonHtml.FileName);
        File.WriteAllText(page, ComparisonHtml.Render(ResultsComparison.Of(SampleRuns.ThreeStacks)));
    }

    /// <summary>The page with the probe, loaded with <paramref name="fragment"/>; what the probe saw.</summary>
    private ProbeResult RunProbe(string fragment)
    {
        var probed = Path.Combine(directory, "compare-probe.html");
        File.WriteAllText(probed, File.ReadAllText(page).Replace("</body>", Probe + "</body>", StringComparison.Ordinal));
        var (dom, console) = HeadlessChromium.Run(probed, fragment, "--dump-dom");
        console.Should().BeEmpty();
        var text = new HtmlParser().ParseDocument(dom).QuerySelector("#probe")?.TextContent;
        text.Should().NotBeNull("the probe ran to its end");
        return JsonSerializer.Deserialize<ProbeResult>(text!, WebJson)!;
    }

    [Test]
    public void The_page_loads_without_console_messages()
    {
        var (dom, console) = HeadlessChromium.Run(page, "", "--dump-dom");

        console.Should().BeEmpty();
        dom.Should().Contain("<table id=\"behaviours\">");
        dom.Should().Contain("<figure id=\"comparison-chart\"><svg");
        dom.Should().MatchRegex(@">\s*Behaviours per run, against the baseline\s*</text>");
        // Not compare.png: that name is the comparison chart's, beside compare.md.
        var screenshot = Path.Combine(directory, "compare-screenshot.png");
        HeadlessChromium.Screenshot(page, screenshot, "1280,900");
        TestContext.Progress.WriteLine($"written: {page}, {screenshot}");
    }

    [Test]
    public void Differences_only_hides_the_rows_without_a_difference_and_the_differing_value_is_highlighted()
    {
        var seen = RunProbe("");

        seen.Initially.Should().Equal("same", "same", "differs", "same");
        seen.AfterClick.Should().Equal("differs");
        seen.Differs.Should().Be("rgb(253, 226, 226)");
        seen.Other.Should().NotBe(seen.Differs);
    }

    [Test]
    public void The_differences_fragment_opens_the_page_filtered_and_the_checkbox_clears_it()
    {
        var seen = RunProbe($"#{ComparisonHtml.DifferencesFragment}");

        seen.Initially.Should().Equal("differs");
        seen.AfterClick.Should().Equal("same", "same", "differs", "same");
    }
}
