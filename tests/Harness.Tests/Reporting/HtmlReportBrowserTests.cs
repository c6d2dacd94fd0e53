using System.Diagnostics;
using System.Text.RegularExpressions;
using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Reporting;

namespace Vnetconf.Harness.Tests.Reporting;

/// <summary>
/// report.html in a real browser: Debian's chromium, headless, from its command line (no browser download). It loads
/// the page, prints the DOM it built, and logs every console message (errors, failed loads) to stderr as CONSOLE lines;
/// the report has no scripts, so any console message is a fault. A screenshot (report.png) is written next to it.
/// </summary>
[Category("Browser")]
public sealed class HtmlReportBrowserTests
{
    private const string Chromium = "/usr/bin/chromium";
    private string directory = null!;

    [SetUp]
    public void CreateDirectory()
    {
        if (!File.Exists(Chromium))
            Assert.Ignore($"no {Chromium}: the HTML report is tested in Debian's headless chromium; apt-get install chromium (setup/host-packages does)");
        directory = Path.Combine(TestContext.CurrentContext.WorkDirectory, "browser");
        Directory.CreateDirectory(directory);
    }

    /// <summary>Runs chromium headless on <paramref name="page"/> with <paramref name="arguments"/>; returns its stdout and console lines.</summary>
    private (string Output, string[] Console) Run(string page, params string[] arguments)
    {
        // Its own profile, removed after: nothing of the test is left in root's home. No sandbox: the tests run as root.
        var profile = Path.Combine(Path.GetTempPath(), $"vnetconf-chromium-{Guid.NewGuid():n}");
        try
        {
            var start = new ProcessStartInfo(Chromium,
                ["--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0", $"--user-data-dir={profile}", .. arguments, new Uri(page).AbsoluteUri])
            { RedirectStandardOutput = true, RedirectStandardError = true };
            using var chromium = Process.Start(start)!;
            var error = chromium.StandardError.ReadToEndAsync();
            var output = chromium.StandardOutput.ReadToEnd();
            chromium.WaitForExit(TimeSpan.FromMinutes(1)).Should().BeTrue("chromium must finish a static page within a minute");
            chromium.ExitCode.Should().Be(0, error.Result);
            return (output, error.Result.Split('\n').Where(l => l.Contains(":CONSOLE", StringComparison.Ordinal)).ToArray());
        }
        finally
        {
            if (Directory.Exists(profile)) Directory.Delete(profile, recursive: true);
        }
    }

    [Test]
    public void The_console_check_sees_a_script_error()
    {
        var page = Path.Combine(directory, "broken.html");
        File.WriteAllText(page, "<!doctype html><html><body><script>undefinedFunction();</script></body></html>");

        Run(page, "--dump-dom").Console.Should().ContainSingle(l => l.Contains("undefinedFunction is not defined"));
    }

    [Test]
    public void The_report_loads_without_console_messages_and_shows_the_verdicts_chart()
    {
        var page = Path.Combine(directory, "report.html");
        File.WriteAllText(page, HtmlReport.Render(SampleRuns.OneStack[0].Run));

        var (dom, console) = Run(page, "--dump-dom");

        console.Should().BeEmpty();
        dom.Should().Contain("<figure id=\"verdicts\"><svg");
        dom.Should().Contain("Cells per category, by verdict");
        // ScottPlot's SVG sets each label in its own <text>, between line breaks and tabs.
        foreach (var category in new[] { "host.read", "guest.tx", "guest.rx", "netmap.rx" }) dom.Should().MatchRegex($@">\s*{Regex.Escape(category)}\s*</text>");

        var screenshot = Path.Combine(directory, "report.png");
        File.Delete(screenshot);
        Run(page, $"--screenshot={screenshot}", "--window-size=1280,1400", "--hide-scrollbars");
        File.ReadAllBytes(screenshot).Take(8).Should().Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0d, 0x0a, 0x1a, 0x0a });
        TestContext.Progress.WriteLine($"written: {page}, {screenshot}");
    }
}
