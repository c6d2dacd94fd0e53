using NUnit.Framework;
using Vnetconf.Perf.Reporting;

namespace Vnetconf.Perf;

/// <summary>
/// Collects each Perf fixture's section and, once every fixture of the run has measured, writes the one table and
/// chart of the run to results/perf (a fixture that was skipped contributes nothing).
/// </summary>
[SetUpFixture]
public sealed class PerfRun
{
    private static readonly List<PerfSection> Sections = [];

    /// <summary>Adds a fixture's measured section to the run's results.</summary>
    public static void Record(PerfSection section)
    {
        lock (Sections) Sections.Add(section);
    }

    [OneTimeTearDown]
    public void WriteResults()
    {
        PerfSection[] sections;
        lock (Sections) sections = [.. Sections.Where(s => s.Measured)];
        if (sections.Length == 0) return;
        var (table, chart) = PerfReport.Write(PerfResults.Directory(), sections);
        TestContext.Progress.WriteLine($"{PerfReport.Markdown(sections)}written: {table}, {chart}");
    }
}
