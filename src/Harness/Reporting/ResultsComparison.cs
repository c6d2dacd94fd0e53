using Vnetconf.Model;

namespace Vnetconf.Reporting;

/// <summary>One run's value of a behaviour: what it observed, or, when it observed nothing, why not.</summary>
public sealed record ComparedValue(string? Observed, string? NotRunReason)
{
    /// <summary>How every report shows a value a run does not have: never a value of its own, so never "different".</summary>
    public const string NotRunText = "(not run)";

    public bool WasRun => Observed is not null;

    public string Text => Observed ?? NotRunText;

    public static ComparedValue Of(string observed) => new(observed, null);

    public static ComparedValue NotRun(string reason) => new(null, reason);
}

/// <summary>One behaviour (a cell's aspect) across runs: its value in each, the first being the baseline.</summary>
public sealed record ComparisonRow(string CellId, string Title, string Aspect, IReadOnlyList<ComparedValue> Values)
{
    /// <summary>
    /// Whether run <paramref name="run"/> observed another value than the baseline. Only two observations can differ:
    /// a side that did not run the behaviour has nothing to differ with.
    /// </summary>
    public bool DiffersIn(int run) => run > 0 && Values[0].WasRun && Values[run].WasRun && Values[run].Observed != Values[0].Observed;

    public bool Differs => Enumerable.Range(1, Values.Count - 1).Any(DiffersIn);

    /// <summary>The baseline observed the behaviour and run <paramref name="run"/> did not: no difference, but nothing a gate may pass on.</summary>
    public bool MissingIn(int run) => run > 0 && Values[0].WasRun && !Values[run].WasRun;

    /// <summary>The baseline and at least one other run observed it, so it was compared at all.</summary>
    public bool Compared => Values[0].WasRun && Values.Skip(1).Any(v => v.WasRun);
}

/// <summary>A cell run <see cref="Run"/> (an index into the compared runs, 0 the baseline) did not run, and why.</summary>
public sealed record NotRunCell(int Run, string CellId, string Title, string Reason);

/// <summary>
/// Every behaviour of every run lined up by scenario id and aspect, so a fleet's runs compare in one table. A cell a
/// run skipped or does not have is "not run" there, listed apart and never a difference; a cell that ended in an
/// error has "error: message" as its value in each of its behaviours, which is a difference from an observation.
/// </summary>
/// <param name="Runs">each run's label (a file, a stack) and results; the first is the baseline</param>
/// <param name="NotRun">each run's cells that another run has and it skipped or lacks, with the reason</param>
public sealed record ResultsComparison(IReadOnlyList<(string Label, RunResults Run)> Runs, IReadOnlyList<ComparisonRow> Rows, IReadOnlyList<NotRunCell> NotRun)
{
    /// <summary>The aspect of the one behaviour a cell has when no run observed it and some run's attempt ended in an error.</summary>
    public const string ErrorAspect = "error";

    public int CellCount => Rows.Select(r => r.CellId).Distinct().Count();

    public int ComparedCount => Rows.Count(r => r.Compared);

    public int DifferingCount => Rows.Count(r => r.Differs);

    public int DifferingIn(int run) => Rows.Count(r => r.DiffersIn(run));

    /// <summary>The behaviours both the baseline and run <paramref name="run"/> observed (for the baseline: <see cref="ComparedCount"/>).</summary>
    public int ComparedIn(int run) => run == 0 ? ComparedCount : Rows.Count(r => r.Values[0].WasRun && r.Values[run].WasRun);

    public int ObservedIn(int run) => Rows.Count(r => r.Values[run].WasRun);

    public int NotRunIn(int run) => Rows.Count(r => !r.Values[run].WasRun);

    public int CellsNotRunIn(int run) => NotRun.Count(c => c.Run == run);

    /// <summary>
    /// The cells the baseline ran and a candidate did not (whole, or some aspect): `compare --gate` fails on each, since
    /// a gate must not pass on what it did not test.
    /// </summary>
    public IReadOnlyList<NotRunCell> Untested =>
    [
        .. Enumerable.Range(1, Runs.Count - 1)
            .SelectMany(run => Rows.Where(r => r.MissingIn(run)).Select(r => new NotRunCell(run, r.CellId, r.Title, r.Values[run].NotRunReason!)))
            .Distinct(),
    ];

    /// <summary>The versions any run records (<see cref="EnvironmentKeys.Versions"/>, the node too), which head the runs' columns.</summary>
    public IReadOnlyList<string> VersionKeys => [.. EnvironmentKeys.Versions.Where(k => Runs.Any(r => r.Run.Environment.ContainsKey(k)))];

    /// <summary>One line for every report: how much was compared, how much differs, how much was not run.</summary>
    public string Summary =>
        $"behaviours: {Rows.Count} ({CellCount} cells) across {Runs.Count} runs, compared with the baseline: {ComparedCount}, differing: {DifferingCount}" +
        (NotRun.Count > 0 ? $"; cells not run in some run: {NotRun.Count} (listed apart, not differences)" : "");

    /// <summary>How reports name run <paramref name="run"/>: "baseline" or "#N".</summary>
    public static string RunName(int run) => run == 0 ? "baseline" : $"#{run}";

    public static ResultsComparison Of(IReadOnlyList<(string Label, RunResults Run)> runs)
    {
        var cells = runs.Select(r => r.Run.Cells.ToDictionary(c => c.Id, StringComparer.Ordinal)).ToArray();
        // Cells and their aspects in the order the runs list them, the baseline's first.
        var ids = runs.SelectMany(r => r.Run.Cells).Select(c => c.Id).Distinct(StringComparer.Ordinal).ToArray();
        var rows = new List<ComparisonRow>();
        var notRun = new List<NotRunCell>();
        foreach (var id in ids)
        {
            var present = cells.Select(c => c.GetValueOrDefault(id)).ToArray();
            var title = present.First(c => c is not null)!.Title;
            for (var run = 0; run < runs.Count; run++)
                if (NotRunReason(runs[run].Run, present[run]) is { } reason) notRun.Add(new NotRunCell(run, id, title, reason));
            var aspects = present.SelectMany(c => c?.Aspects ?? []).Select(a => a.Name).Distinct(StringComparer.Ordinal).ToList();
            if (aspects.Count == 0 && present.Any(c => c?.Error is not null)) aspects.Add(ErrorAspect);
            foreach (var aspect in aspects)
                rows.Add(new ComparisonRow(id, title, aspect, [.. runs.Select((r, run) => Value(r.Run, present[run], aspect))]));
        }
        return new ResultsComparison(runs, rows, notRun);
    }

    /// <summary>
    /// What an error is, without its evidence: the message's first sentence. The evidence (pids, console lines, timings)
    /// differs from run to run and stays in results.json and the report; the comparison compares what failed.
    /// </summary>
    public static string ErrorSummary(string error)
    {
        var line = error.Split('\n')[0];
        var end = line.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? line.TrimEnd('.') : line[..end];
    }

    private static string? NotRunReason(RunResults run, CellResult? cell) =>
        cell is null
            ? run.Interrupted is null ? "not in this run's results" : $"not judged before the run was interrupted ({run.Interrupted})"
            : cell.Verdict == CellResult.Skipped ? $"skipped: {cell.SkipReason ?? "no reason given"}" : null;

    private static ComparedValue Value(RunResults run, CellResult? cell, string aspect)
    {
        if (NotRunReason(run, cell) is { } reason) return ComparedValue.NotRun(reason);
        if (cell!.Error is not null) return ComparedValue.Of($"error: {ErrorSummary(cell.Error)}");
        return cell.Aspects.FirstOrDefault(a => a.Name == aspect) is { } observed
            ? ComparedValue.Of(observed.Observed)
            : ComparedValue.NotRun($"this run's cell has no aspect '{aspect}'");
    }
}
