using System.Text.RegularExpressions;
using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Reporting;

namespace Vnetconf.Harness.Tests.Reporting;

/// <summary>
/// report.html in a real browser (<see cref="HeadlessChromium"/>): the report has no scripts, so any console message
/// is a fault. A screenshot (report.png) is written next to it.
/// </summary>
[Category("Browser")]
public sealed class HtmlReportBrowserTests
{
    private string directory = null!;

    [SetUp]
    public void CreateDirectory()
    {
        HeadlessChromium.RequireInstalled();
        directory = Path.Combine(TestContext.CurrentContext.WorkDirectory, "browser");
        Directory.CreateDirectory(directory);
    }

    [Test]
    public void The_console_check_sees_a_script_error()
    {
        var page = Path.Combine(directory, "broken.html");
        File.WriteAllText(page, "<!doctype html><html><body><script>undefinedFunction();</script></body></html>");

        HeadlessChromium.Run(page, "", "--dump-dom").Console.Should().ContainSingle(l => l.Contains("undefinedFunction is not defined"));
    }

    [Test]
    public void The_report_loads_without_console_messages_and_shows_the_verdicts_chart()
    {
        var page = Path.Combine(directory, "report.html");
        File.WriteAllText(page, HtmlReport.Render(SampleRuns.OneStack[0].Run));

        var (dom, console) = HeadlessChromium.Run(page, "", "--dump-dom");

        console.Should().BeEmpty();
        dom.Should().Contain("<figure id=\"verdicts\"><svg");
        dom.Should().Contain("Cells per category, by verdict");
        // ScottPlot's SVG sets each label in its own <text>, between line breaks and tabs.
        foreach (var category in new[] { "host.read", "guest.tx", "guest.rx", "netmap.rx" }) dom.Should().MatchRegex($@">\s*{Regex.Escape(category)}\s*</text>");

        var screenshot = Path.Combine(directory, "report.png");
        HeadlessChromium.Screenshot(page, screenshot, "1280,1400");
        TestContext.Progress.WriteLine($"written: {page}, {screenshot}");
    }
}
