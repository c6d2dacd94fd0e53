using NUnit.Framework;
using Vnetconf.Reporting;
using Vnetconf.Scenarios;

namespace Vnetconf.Conformance.Support;

/// <summary>
/// Collects one row per matrix cell (expected and observed, aspect by aspect) and prints the whole matrix as a
/// table when the fixture ends, and each failing cell's evidence as it happens. The same table is written to
/// results/ (VNETCONF_RESULTS, or the test's work directory) so a run leaves a readable record.
/// </summary>
/// <param name="title">the table's heading</param>
/// <param name="aspects">the compared aspects, each shown as observed and (where it differs) expected</param>
/// <param name="withEvidence">add a column with the observation's notes (counter deltas and the like)</param>
public sealed class MatrixReport(string title, string[] aspects, bool withEvidence = false)
{
    private readonly TextTable table = new(["scenario", .. aspects.SelectMany(a => new[] { a, $"{a} (expected)" }), "verdict", .. withEvidence ? ["evidence"] : Array.Empty<string>()]);
    private readonly object gate = new();

    /// <summary>Records a cell and returns its deviations (empty when the cell behaved as documented).</summary>
    public IReadOnlyList<string> Record(string scenario, Expectation expected, Observation observed)
    {
        var deviations = expected.Deviations(observed.Aspects);
        var cells = new List<string> { scenario };
        foreach (var aspect in aspects)
        {
            var seen = observed.Aspects.GetValueOrDefault(aspect, "—");
            var wanted = expected.Aspects.Any(a => a.Name == aspect) ? expected[aspect].Value : "—";
            cells.Add(seen);
            cells.Add(seen == wanted ? "=" : wanted);
        }
        cells.Add(deviations.Count == 0 ? "as documented" : "DEVIATES");
        if (withEvidence) cells.Add(string.Join("; ", observed.Notes));
        lock (gate) table.Add([.. cells]);
        if (deviations.Count > 0)
            TestContext.Out.WriteLine($"{scenario}{Environment.NewLine}{string.Join(Environment.NewLine, deviations)}{Environment.NewLine}evidence:{Environment.NewLine}{observed.Evidence()}");
        return deviations;
    }

    /// <summary>Prints the table (call from [OneTimeTearDown]) and saves it under results/.</summary>
    public void Publish()
    {
        string text;
        lock (gate)
        {
            if (table.Rows.Count == 0) return;
            text = $"## {title}{Environment.NewLine}{Environment.NewLine}{table.Render()}";
        }
        TestContext.Progress.WriteLine(text);
        var directory = Environment.GetEnvironmentVariable("VNETCONF_RESULTS") ?? Path.Combine(TestContext.CurrentContext.WorkDirectory, "results");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, $"{Slug(title)}.md"), text);
    }

    private static string Slug(string title) => string.Concat(title.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-'));
}
