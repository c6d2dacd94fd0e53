using Spectre.Console;
using Vnetconf.Reporting;

namespace Vnetconf.Cli;

/// <summary>
/// `vnetconf compare A.json B.json [more…]`: every behaviour (cell × aspect) side by side across runs, the first
/// being the baseline; with --gate the exit code says whether any behaviour differs from it.
/// </summary>
public static class CompareCommand
{
    public static int Execute(IReadOnlyList<FileInfo> files, bool gate, bool onlyDifferences)
    {
        if (files.Count < 2) return RunCommand.Fail(ExitCodes.BadArguments, "compare needs at least two results files (the first is the baseline)");
        var runs = new List<(string Label, RunResults Run)>();
        foreach (var file in files)
        {
            try
            {
                runs.Add((Path.GetRelativePath(Environment.CurrentDirectory, file.FullName), ResultsJson.Read(file.FullName)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                return RunCommand.Fail(ExitCodes.BadResultsFile, e is InvalidDataException ? e.Message : $"cannot read {file.FullName}: {e.Message}");
            }
        }
        foreach (var (label, run) in runs.Where(r => r.Run.Interrupted is not null))
            Console.WriteLine($"note: {label} was interrupted: {run.Interrupted}; only its {run.Cells.Count} judged cells are compared");
        var comparison = Print(runs, onlyDifferences);
        return gate && comparison.DifferingCount > 0 ? ExitCodes.BehaviourDiffers : ExitCodes.Ok;
    }

    /// <summary>Prints the side-by-side table (versions as column headers, differences in red) and a closing line.</summary>
    public static ResultsComparison Print(IReadOnlyList<(string Label, RunResults Run)> runs, bool onlyDifferences)
    {
        var comparison = ResultsComparison.Of(runs.Select(r => r.Run).ToArray());
        var table = new Table().AddColumn("cell").AddColumn("aspect");
        for (var i = 0; i < runs.Count; i++)
            table.AddColumn($"{(i == 0 ? "baseline" : $"#{i}")}: {Markup.Escape(runs[i].Label)}\n[grey]{Markup.Escape(EnvironmentKeys.VersionLine(runs[i].Run.Environment).Replace(" · ", "\n"))}[/]");
        foreach (var row in comparison.Rows.Where(r => !onlyDifferences || r.Differs))
        {
            var cells = row.Values.Select((v, i) => i > 0 && v != row.Values[0] && v != ResultsComparison.Absent && row.Values[0] != ResultsComparison.Absent
                ? $"[red]{Markup.Escape(v)}[/]" : Markup.Escape(v));
            table.AddRow([Markup.Escape(row.CellId), Markup.Escape(row.Aspect), .. cells]);
        }
        if (!onlyDifferences || comparison.DifferingCount > 0) AnsiConsole.Write(table);

        AnsiConsole.MarkupLine(comparison.DifferingCount == 0
            ? $"no differences found: {comparison.Rows.Count} behaviours ({comparison.CellCount} cells) compared across {runs.Count} runs"
            : $"[red]{comparison.DifferingCount} of {comparison.Rows.Count} behaviours differ from the baseline[/] across {runs.Count} runs");
        return comparison;
    }
}
