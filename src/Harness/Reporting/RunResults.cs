namespace Vnetconf.Reporting;

/// <summary>
/// One run of the matrix as saved to results JSON: the environment it ran in and every cell's outcome. The
/// schema is versioned; <see cref="Schema"/> changes whenever a reader of the old one would misread the new.
/// </summary>
public sealed record RunResults(string Schema, DateTimeOffset StartedAt, IReadOnlyDictionary<string, string> Environment, IReadOnlyList<CellResult> Cells)
{
    public const string CurrentSchema = "vnetconf.results/1";

    public int DeviationCount => Cells.Count(c => c.Verdict != CellResult.AsDocumented);

    public string Summary => $"{Cells.Count} cells, {Cells.Count - DeviationCount} as documented, {DeviationCount} deviating";
}
