using System.Diagnostics;
using FluentAssertions;
using NUnit.Framework;

namespace Vnetconf.Harness.Tests.Reporting;

/// <summary>
/// Debian's chromium, headless, driven from its command line (no browser download, no debugging port): it loads a
/// local page, prints the DOM its scripts built (--dump-dom) or a screenshot, and logs every console message (errors,
/// failed loads) to stderr, of which the CONSOLE lines are returned.
/// </summary>
internal static class HeadlessChromium
{
    private const string Chromium = "/usr/bin/chromium";

    /// <summary>Ignores the calling test, with the fix, where chromium is not installed.</summary>
    public static void RequireInstalled()
    {
        if (!File.Exists(Chromium))
            Assert.Ignore($"no {Chromium}: the HTML reports are tested in Debian's headless chromium; apt-get install chromium (setup/host-packages does)");
    }

    /// <summary>Runs chromium on <paramref name="page"/> (a local file, with an optional #fragment) with <paramref name="arguments"/>.</summary>
    public static (string Output, string[] Console) Run(string page, string fragment = "", params string[] arguments)
    {
        // Its own profile, removed after: nothing of the test is left in root's home. No sandbox: the tests run as root.
        var profile = Path.Combine(Path.GetTempPath(), $"vnetconf-chromium-{Guid.NewGuid():n}");
        try
        {
            var start = new ProcessStartInfo(Chromium,
                ["--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0", $"--user-data-dir={profile}", .. arguments, new Uri(page).AbsoluteUri + fragment])
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

    /// <summary>Writes a screenshot of <paramref name="page"/> to <paramref name="png"/> and checks it is a PNG.</summary>
    public static void Screenshot(string page, string png, string windowSize)
    {
        File.Delete(png);
        Run(page, "", $"--screenshot={png}", $"--window-size={windowSize}", "--hide-scrollbars");
        File.ReadAllBytes(png).Take(8).Should().Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0d, 0x0a, 0x1a, 0x0a });
    }
}
