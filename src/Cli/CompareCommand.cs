using Spectre.Console;
using Vnetconf.Model;
using Vnetconf.Reporting;

namespace Vnetconf.Cli;

/// <summary>
/// `vnetconf compare A.json B.json [more…]`: every behaviour (cell × aspect) side by side across runs, the first
/// being the baseline, on the console and as compare.md and compare.html; with --gate the exit code says whether any
/// behaviour differs from the baseline or went untested.
/// </summary>
public static class CompareCommand
{
    public static int Execute(IReadOnlyList<FileInfo> files, bool gate, bool onlyDifferences, DirectoryInfo output)
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
        var comparison = ResultsComparison.Of(runs);
        Print(comparison, onlyDifferences);
        try
        {
            WriteReports(comparison, output);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return RunCommand.Fail(ExitCodes.CannotWriteOutput, $"cannot write {ComparisonMarkdown.FileName} and {ComparisonHtml.FileName} in {output.FullName}: {e.Message}");
        }
        Console.WriteLine($"written: {Path.Combine(output.FullName, ComparisonMarkdown.FileName)}, {Charts.ComparisonPngFileName}, {ComparisonHtml.FileName}");
        if (!gate) return ExitCodes.Ok;
        // What the baseline tested and a candidate did not fails the gate too: a gate must not pass on what it did not test.
        foreach (var cell in comparison.Untested)
            Console.WriteLine($"not run in {ResultsComparison.RunName(cell.Run)} ({runs[cell.Run].Label}): {cell.CellId} — {cell.Reason}");
        return comparison.DifferingCount > 0 || comparison.Untested.Count > 0 ? ExitCodes.BehaviourDiffers : ExitCodes.Ok;
    }

    /// <summary>compare.png, compare.md (which shows it) and compare.html in <paramref name="directory"/> (created if need be), each whole or not at all.</summary>
    /// <exception cref="IOException">a report could not be written; a previous one is intact</exception>
    /// <exception cref="UnauthorizedAccessException">the directory may not be written</exception>
    public static void WriteReports(ResultsComparison comparison, DirectoryInfo directory)
    {
        directory.Create();
        AtomicFile.Write(Path.Combine(directory.FullName, Charts.ComparisonPngFileName), stream => stream.Write(Charts.ComparisonPng(comparison)));
        AtomicFile.WriteAllText(Path.Combine(directory.FullName, ComparisonMarkdown.FileName), ComparisonMarkdown.Render(comparison));
        AtomicFile.WriteAllText(Path.Combine(directory.FullName, ComparisonHtml.FileName), ComparisonHtml.Render(comparison));
    }

    /// <summary>
    /// Prints the side-by-side table (versions as column headers, differences in red, values a run does not have in
    /// grey) and closing lines: the counts, then per run how many behaviours differ and how many cells it did not run.
    /// </summary>
    public static void Print(ResultsComparison comparison, bool onlyDifferences)
    {
        var runs = comparison.Runs;
        var table = new Table().AddColumn("cell").AddColumn("aspect");
        for (var i = 0; i < runs.Count; i++)
            table.AddColumn($"{ResultsComparison.RunName(i)}: {Markup.Escape(runs[i].Label)}\n[grey]{Markup.Escape(EnvironmentKeys.VersionLine(runs[i].Run.Environment).Replace(" · ", "\n"))}[/]");
        foreach (var row in comparison.Rows.Where(r => !onlyDifferences || r.Differs))
        {
            var cells = row.Values.Select((v, i) => !v.WasRun ? $"[grey]{Markup.Escape(v.Text)}[/]" : row.DiffersIn(i) ? $"[red]{Markup.Escape(v.Text)}[/]" : Markup.Escape(v.Text));
            table.AddRow([Markup.Escape(row.CellId), Markup.Escape(row.Aspect), .. cells]);
        }
        if (!onlyDifferences || comparison.DifferingCount > 0) AnsiConsole.Write(table);

        AnsiConsole.MarkupLine(comparison.DifferingCount == 0
            ? $"no differences found: {Markup.Escape(comparison.Summary)}"
            : $"[red]behaviours differ from the baseline[/]: {Markup.Escape(comparison.Summary)}");
        for (var i = 0; i < runs.Count; i++)
            if (comparison.CellsNotRunIn(i) > 0 || i > 0 && comparison.DifferingIn(i) > 0)
                AnsiConsole.MarkupLine($"  {ResultsComparison.RunName(i)} {Markup.Escape(runs[i].Label)}: " +
                                       (i > 0 ? $"behaviours differing: {comparison.DifferingIn(i)}, " : "") + $"cells not run: {comparison.CellsNotRunIn(i)} (not differences)");
    }
}
