using System.Text;
using Vnetconf.Model;

namespace Vnetconf.Reporting;

/// <summary>Matrix tables in Markdown (readable as plain text too): one row per cell, observed next to expected.</summary>
public static class MarkdownReport
{
    /// <summary>
    /// A table of <paramref name="cells"/> over <paramref name="aspects"/>: each aspect as observed, and as expected
    /// only where the two differ ("=" otherwise), then the verdict and, if asked, the notes.
    /// </summary>
    public static string Section(string title, IReadOnlyList<string> aspects, IEnumerable<CellResult> cells, bool withEvidence = false)
    {
        var table = new TextTable(["scenario", .. aspects.SelectMany(a => new[] { a, $"{a} (expected)" }), "verdict", .. withEvidence ? ["evidence"] : Array.Empty<string>()]);
        foreach (var cell in cells)
        {
            var row = new List<string> { cell.Title };
            foreach (var aspect in aspects)
            {
                var result = cell.Aspects.FirstOrDefault(a => a.Name == aspect);
                row.Add(result?.Observed ?? "—");
                row.Add(result is null ? "—" : result.AsDocumented ? "=" : result.Expected);
            }
            row.Add(Verdict(cell));
            if (withEvidence) row.Add(string.Join("; ", cell.Notes));
            table.Add([.. row]);
        }
        return $"## {title}{Environment.NewLine}{Environment.NewLine}{table.Render()}";
    }

    /// <summary>The whole run: environment, summary, the verdicts chart (<see cref="Charts.VerdictsPngFileName"/>, written beside it; none for an interrupted run), then one section per category.</summary>
    public static string Render(RunResults run)
    {
        var text = new StringBuilder();
        text.AppendLine("# vnetconf conformance report").AppendLine();
        text.AppendLine($"Run {run.StartedAt:u} · {run.Summary}").AppendLine();
        foreach (var (key, value) in run.Environment) text.AppendLine($"- **{key}**: {value}");
        text.AppendLine();
        // An interrupted run ends without drawing its chart (it has a second to end in), so it links none.
        if (run.Cells.Count > 0 && run.Interrupted is null) text.AppendLine($"![cells per category, by verdict]({Charts.VerdictsPngFileName})").AppendLine();
        foreach (var group in run.Cells.GroupBy(c => c.Category))
        {
            var aspects = group.SelectMany(c => c.Aspects.Select(a => a.Name)).Distinct().ToArray();
            text.AppendLine(Section(group.Key, aspects, group, withEvidence: true));
        }
        var defects = run.Cells.Where(c => c.Verdict == CellResult.DocumentedDefect).ToArray();
        if (defects.Length > 0)
        {
            text.AppendLine("## Documented defects: behaving as documented, and what is documented is an upstream defect").AppendLine();
            text.AppendLine("These cells pass the gate; a build that fixes the defect changes the observed value, which `compare` reports.").AppendLine();
            foreach (var cell in defects)
                text.AppendLine($"### {cell.Title} (`{cell.Id}`)").Append(DefectLines(cell)).AppendLine();
        }
        var deviating = run.Cells.Where(c => c.IsDeviation).ToArray();
        if (deviating.Length > 0)
        {
            text.AppendLine("## Deviations, with the reason each expectation gives").AppendLine();
            foreach (var cell in deviating)
            {
                text.AppendLine($"### {cell.Title} (`{cell.Id}`)");
                if (cell.Error is not null) text.AppendLine($"- error: {cell.Error}");
                foreach (var a in cell.Aspects.Where(a => !a.AsDocumented))
                    text.AppendLine($"- **{a.Name}**: observed `{a.Observed}`, documented `{a.ExpectedForVersions}` — {a.Reason} ({a.Source})");
                text.AppendLine();
            }
        }
        return text.ToString();
    }

    /// <summary>Each defect aspect of <paramref name="cell"/> on a line: its observed value, the reason and the source.</summary>
    private static string DefectLines(CellResult cell) =>
        string.Concat(cell.Defects.Select(a => $"- **{a.Name}**: `{a.Observed}` — {a.Reason} ({a.Source}){Environment.NewLine}"));

    /// <summary>The verdict with what explains it: an error's message, a skip's reason.</summary>
    internal static string Verdict(CellResult cell) =>
        cell.Error is not null ? $"{cell.Verdict}: {cell.Error}" : cell.SkipReason is not null ? $"{cell.Verdict}: {cell.SkipReason}" : cell.Verdict;
}
