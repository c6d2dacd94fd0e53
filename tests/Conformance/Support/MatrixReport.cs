using NUnit.Framework;
using Vnetconf.Model;
using Vnetconf.Reporting;
using Vnetconf.Scenarios;

namespace Vnetconf.Conformance.Support;

/// <summary>
/// Collects one row per matrix cell (expected and observed, aspect by aspect) and prints the whole matrix as a
/// table when the fixture ends, and each failing cell's evidence as it happens. The same table is written to
/// results/ (VNETCONF_RESULTS, or the test's work directory) so a run leaves a readable record.
/// </summary>
/// <param name="title">the table's heading</param>
/// <param name="aspects">the compared aspects, each shown as observed and (where it differs) expected; null: every aspect the cells compared, in the order they first appear</param>
/// <param name="withEvidence">add a column with the observation's notes (counter deltas and the like)</param>
public sealed class MatrixReport(string title, string[]? aspects, bool withEvidence = false)
{
    private readonly List<CellResult> cells = [];
    private readonly object gate = new();

    /// <summary>Runs <paramref name="cell"/>, records it, and returns its result and observation.</summary>
    public (CellResult Result, Observation? Observed) Run(MatrixCell cell) => Record(cell.Execute());

    /// <summary>Records a cell judged elsewhere (the guest matrix run), printing its evidence when it is not as documented; returns it.</summary>
    public (CellResult Result, Observation? Observed) Record((CellResult Result, Observation? Observed) judged)
    {
        var (result, observed) = judged;
        lock (gate) cells.Add(result);
        if (result.Verdict != CellResult.AsDocumented)
            TestContext.Out.WriteLine(MarkdownReport.Section(result.Title, AspectsOf([result]), [result], withEvidence: true) +
                                      (observed is null ? "" : $"{Environment.NewLine}frames:{Environment.NewLine}{observed.Evidence()}"));
        return judged;
    }

    /// <summary>Prints the table (call from [OneTimeTearDown]) and saves it under results/.</summary>
    public void Publish()
    {
        string text;
        lock (gate)
        {
            if (cells.Count == 0) return;
            text = MarkdownReport.Section(title, AspectsOf(cells), cells, withEvidence);
        }
        TestContext.Progress.WriteLine(text);
        var directory = Environment.GetEnvironmentVariable("VNETCONF_RESULTS") ?? Path.Combine(TestContext.CurrentContext.WorkDirectory, "results");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, $"{Slug(title)}.md"), text);
    }

    private string[] AspectsOf(IEnumerable<CellResult> results) => aspects ?? [.. results.SelectMany(r => r.Aspects.Select(a => a.Name)).Distinct()];

    private static string Slug(string title) => string.Concat(title.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-'));
}
