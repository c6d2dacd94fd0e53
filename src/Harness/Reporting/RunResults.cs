using System.Text.Json.Serialization;
using Vnetconf.Model;

namespace Vnetconf.Reporting;

/// <summary>
/// One run of the matrix as saved to results JSON: the environment it ran in and every cell's outcome. The
/// schema is versioned; <see cref="Schema"/> changes whenever a reader of the old one would misread the new.
/// </summary>
/// <param name="Interrupted">null for a run that judged every cell it set out to; else why it stopped early (a signal),
/// and the cells are those judged before it did</param>
public sealed record RunResults(string Schema, DateTimeOffset StartedAt, IReadOnlyDictionary<string, string> Environment, IReadOnlyList<CellResult> Cells,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Interrupted = null)
{
    /// <summary>/2 added the "documented defect" verdict (and an aspect's defect flag), which a /1 reader would count as a deviation.</summary>
    public const string CurrentSchema = "vnetconf.results/2";

    /// <summary>The schemas this version reads: a /1 file has no documented defect and reads the same.</summary>
    public static IReadOnlyList<string> ReadableSchemas { get; } = ["vnetconf.results/1", CurrentSchema];

    public int DeviationCount => Cells.Count(c => c.IsDeviation);

    public int SkippedCount => Cells.Count(c => c.Verdict == CellResult.Skipped);

    public int DefectCount => Cells.Count(c => c.Verdict == CellResult.DocumentedDefect);

    public string Summary => $"{Cells.Count} cells, {Cells.Count - DeviationCount - SkippedCount - DefectCount} as documented, " +
                             (DefectCount > 0 ? $"{DefectCount} documented defects, " : "") + $"{DeviationCount} deviating" +
                             (SkippedCount > 0 ? $", {SkippedCount} skipped" : "") +
                             (Interrupted is null ? "" : $"; INTERRUPTED: {Interrupted}");
}
