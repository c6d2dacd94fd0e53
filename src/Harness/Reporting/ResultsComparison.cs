namespace Vnetconf.Reporting;

/// <summary>One behaviour (a cell's aspect) across runs: its observed value in each, the first being the baseline.</summary>
public sealed record ComparisonRow(string CellId, string Aspect, IReadOnlyList<string> Values)
{
    /// <summary>
    /// Whether two runs that observed the behaviour saw different values. A run that did not run the cell (a netmap
    /// build's stack runs only the netmap cells; a skipped cell has no aspects) has nothing to differ with.
    /// </summary>
    public bool Differs => Values.Where(v => v != ResultsComparison.Absent).Distinct().Count() > 1;
}

/// <summary>Every behaviour of every run lined up by scenario id and aspect, so a fleet's runs compare in one table.</summary>
public sealed record ResultsComparison(IReadOnlyList<ComparisonRow> Rows, int CellCount)
{
    public const string Absent = "(not run)";

    public int DifferingCount => Rows.Count(r => r.Differs);

    public static ResultsComparison Of(IReadOnlyList<RunResults> runs)
    {
        var keys = new List<(string Cell, string Aspect)>();
        var seen = new HashSet<(string, string)>();
        var values = runs.Select(run => run.Cells.SelectMany(Behaviours).ToDictionary(b => (b.Cell, b.Aspect), b => b.Value)).ToArray();
        foreach (var (cell, aspect, _) in runs.SelectMany(r => r.Cells).SelectMany(Behaviours))
            if (seen.Add((cell, aspect))) keys.Add((cell, aspect));
        var rows = keys.Select(k => new ComparisonRow(k.Cell, k.Aspect, values.Select(v => v.GetValueOrDefault(k, Absent)).ToArray())).ToArray();
        return new ResultsComparison(rows, keys.Select(k => k.Cell).Distinct().Count());
    }

    /// <summary>A cell's behaviours; a cell that could not be observed has one, its error.</summary>
    private static IEnumerable<(string Cell, string Aspect, string Value)> Behaviours(CellResult cell) =>
        cell.Error is not null
            ? [(cell.Id, "error", cell.Error)]
            : cell.Aspects.Select(a => (cell.Id, a.Name, a.Observed));
}
