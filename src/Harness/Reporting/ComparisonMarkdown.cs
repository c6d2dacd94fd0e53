using System.Text;

namespace Vnetconf.Reporting;

/// <summary>
/// compare.md: the runs with their versions and counts and a chart of them (<see cref="Charts.ComparisonPngFileName"/>,
/// written beside it), the behaviours that differ from the baseline, the cells not
/// run (apart, never differences), then every behaviour. Markdown has no filter, hence the differences on their own.
/// </summary>
public static class ComparisonMarkdown
{
    public const string FileName = "compare.md";

    /// <summary>What the comparison chart shows, as its alternative text.</summary>
    public const string ChartText = "behaviours per run: as the baseline, differing from it, not run";

    public static string Render(ResultsComparison comparison)
    {
        var runs = comparison.Runs;
        var text = new StringBuilder();
        text.AppendLine("# vnetconf comparison").AppendLine();
        text.AppendLine($"{comparison.Summary}.").AppendLine();
        text.AppendLine("## Runs").AppendLine();
        text.AppendLine(Runs(comparison).Render());
        text.AppendLine($"![{ChartText}]({Charts.ComparisonPngFileName})").AppendLine();
        foreach (var (label, run) in runs.Where(r => r.Run.Interrupted is not null))
            text.AppendLine($"`{label}` was interrupted: {OneLine(run.Interrupted!)}; only its {run.Cells.Count} judged cells are compared.").AppendLine();

        text.AppendLine("## Behaviours that differ from the baseline").AppendLine();
        var differing = comparison.Rows.Where(r => r.Differs).ToArray();
        text.AppendLine(differing.Length == 0 ? "None." + Environment.NewLine : Behaviours(comparison, differing).Render());

        text.AppendLine("## Not run").AppendLine();
        text.AppendLine("Cells a run skipped or does not have: never counted as a difference. One the baseline ran and a candidate did not fails `compare --gate`.").AppendLine();
        if (comparison.NotRun.Count == 0) text.AppendLine("None.").AppendLine();
        else
        {
            var notRun = new TextTable("run", "cell", "reason");
            foreach (var cell in comparison.NotRun) notRun.Add(ColumnName(comparison, cell.Run), $"`{cell.CellId}`", OneLine(cell.Reason));
            text.AppendLine(notRun.Render());
        }

        text.AppendLine("## Every behaviour").AppendLine();
        text.AppendLine("A value in **bold** differs from the baseline's; *(not run)* is not a value.").AppendLine();
        text.AppendLine(Behaviours(comparison, comparison.Rows).Render());
        return text.ToString();
    }

    /// <summary>How a column is headed: "baseline: a.json", "#1: b.json".</summary>
    internal static string ColumnName(ResultsComparison comparison, int run) => $"{ResultsComparison.RunName(run)}: {comparison.Runs[run].Label}";

    private static TextTable Runs(ResultsComparison comparison)
    {
        var versions = comparison.VersionKeys;
        var table = new TextTable(["run", .. versions, "behaviours observed", "differ from the baseline", "behaviours not run", "cells not run"]);
        for (var run = 0; run < comparison.Runs.Count; run++)
        {
            var environment = comparison.Runs[run].Run.Environment;
            table.Add([
                ColumnName(comparison, run),
                .. versions.Select(k => environment.GetValueOrDefault(k, "—")),
                comparison.ObservedIn(run).ToString(),
                run == 0 ? "—" : comparison.DifferingIn(run).ToString(),
                comparison.NotRunIn(run).ToString(),
                comparison.CellsNotRunIn(run).ToString(),
            ]);
        }
        return table;
    }

    private static TextTable Behaviours(ResultsComparison comparison, IEnumerable<ComparisonRow> rows)
    {
        var table = new TextTable(["cell", "aspect", .. comparison.Runs.Select((_, run) => ColumnName(comparison, run))]);
        foreach (var row in rows)
            table.Add([
                $"`{row.CellId}`",
                row.Aspect,
                .. row.Values.Select((v, run) => !v.WasRun ? $"*{ComparedValue.NotRunText}*" : row.DiffersIn(run) ? $"**{OneLine(v.Text)}**" : OneLine(v.Text)),
            ]);
        return table;
    }

    /// <summary>A value or reason on one line: an error's message may span several, which would end the table's row.</summary>
    private static string OneLine(string text) => string.Join(" ⏎ ", text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
}
