using Spectre.Console;
using Vnetconf.Packets;
using Vnetconf.Reporting;
using Vnetconf.Scenarios;

namespace Vnetconf.Cli;

/// <summary>
/// `vnetconf run`: runs the matrix cells this host can run, with live progress, then writes results.json,
/// report.md, report.html and, for every cell that did not behave as documented, a pcapng of its frames.
/// </summary>
public static class RunCommand
{
    public static int Execute(IReadOnlyList<string> categories, string? filter, DirectoryInfo output)
    {
        var unknown = categories.Except(HostMatrix.Categories).ToArray();
        if (unknown.Length > 0)
            return Fail(ExitCodes.BadArguments, $"unknown category {string.Join(", ", unknown)}; known: {string.Join(", ", HostMatrix.Categories)}");
        var gaps = HostCapabilities.Probe().HostLabGaps;
        if (gaps.Count > 0) return Fail(ExitCodes.MissingPrerequisite, string.Join(" ", gaps));

        var selected = categories.Count == 0 ? HostMatrix.Categories : categories;
        var cells = HostMatrix.Cells(KernelVersion.Running)
            .Where(c => selected.Contains(c.Category) && (filter is null || c.Id.Contains(filter, StringComparison.OrdinalIgnoreCase)))
            .ToArray();
        if (cells.Length == 0)
            return Fail(ExitCodes.BadArguments, $"no cell of {string.Join(", ", selected)} matches --filter '{filter}'");

        try
        {
            output.Create();
            // Fail now, not after the whole matrix has run.
            using (File.Create(Path.Combine(output.FullName, ".vnetconf-write-check"), 1, FileOptions.DeleteOnClose)) { }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fail(ExitCodes.CannotWriteOutput, $"cannot write to {output.FullName}: {e.Message}");
        }

        var started = DateTimeOffset.Now;
        var results = new List<CellResult>();
        var pcapDirectory = Path.Combine(output.FullName, "pcap");
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var tasks = cells.GroupBy(c => c.Category).ToDictionary(g => g.Key, g => context.AddTask(g.Key, maxValue: g.Count()));
                var done = 0;
                foreach (var cell in cells)
                {
                    var task = tasks[cell.Category];
                    task.Description = $"{cell.Category} [grey]{++done}/{cells.Length}[/] {Markup.Escape(Shorten(cell.Title))}";
                    var (result, observation) = cell.Execute();
                    results.Add(result);
                    if (result.Verdict != CellResult.AsDocumented && observation is { Frames.Count: > 0 })
                        SaveFrames(pcapDirectory, result, observation);
                    task.Increment(1);
                    task.Description = cell.Category;
                }
            });

        var run = new RunResults(RunResults.CurrentSchema, started, RunEnvironment.Describe(), results);
        ResultsJson.Write(run, Path.Combine(output.FullName, "results.json"));
        File.WriteAllText(Path.Combine(output.FullName, "report.md"), MarkdownReport.Render(run));
        File.WriteAllText(Path.Combine(output.FullName, "report.html"), HtmlReport.Render(run));
        PrintSummary(run, output, DateTimeOffset.Now - started);
        return run.DeviationCount == 0 ? ExitCodes.Ok : ExitCodes.BehaviourDiffers;
    }

    private static void SaveFrames(string directory, CellResult result, Observation observation)
    {
        Directory.CreateDirectory(directory);
        using var pcap = new PcapNgWriter(File.Create(Path.Combine(directory, $"{result.Id}.pcapng")), $"vnetconf {result.Id}: {result.Title}");
        var now = DateTimeOffset.Now;
        foreach (var frame in observation.Frames)
            pcap.Write(frame.Bytes, now, frame.Header is { } h ? $"virtio-net header ({frame.HeaderLength} B): {h}" : "no virtio-net header");
    }

    private static void PrintSummary(RunResults run, DirectoryInfo output, TimeSpan elapsed)
    {
        var table = new Table().AddColumns("category", "cells", "as documented", "deviating");
        foreach (var group in run.Cells.GroupBy(c => c.Category))
        {
            var bad = group.Count(c => c.Verdict != CellResult.AsDocumented);
            table.AddRow(group.Key, group.Count().ToString(), (group.Count() - bad).ToString(), bad == 0 ? "0" : $"[red]{bad}[/]");
        }
        AnsiConsole.Write(table);
        foreach (var cell in run.Cells.Where(c => c.Verdict != CellResult.AsDocumented))
        {
            AnsiConsole.MarkupLine($"[red]{Markup.Escape(cell.Verdict)}[/] {Markup.Escape(cell.Title)} [grey]({Markup.Escape(cell.Id)})[/]");
            if (cell.Error is not null) AnsiConsole.MarkupLine($"  {Markup.Escape(cell.Error)}");
            foreach (var a in cell.Aspects.Where(a => !a.AsDocumented))
                AnsiConsole.MarkupLine($"  {Markup.Escape(a.Name)}: observed [yellow]{Markup.Escape(a.Observed)}[/], documented {Markup.Escape(a.Expected)} [grey]({Markup.Escape(a.Source)})[/]");
        }
        AnsiConsole.MarkupLine($"{Markup.Escape(run.Summary)} in {elapsed.TotalSeconds:F0} s. Results: {Markup.Escape(output.FullName)}/results.json, report.md, report.html" +
                               (run.DeviationCount > 0 ? ", pcap/" : ""));
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";

    internal static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"vnetconf: {message}");
        return code;
    }
}
