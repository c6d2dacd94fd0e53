using System.Text.Json.Serialization;

namespace Vnetconf.Model;

/// <summary>One aspect of one cell: what was observed and what the catalogue documents, with its evidence.</summary>
/// <param name="HoldsFor">the versions the documented value holds for, when a kernel change made it differ (absent: every version)</param>
/// <param name="Defect">the documented value is an upstream defect (the reason says whose and why)</param>
public sealed record AspectResult(string Name, string Observed, string Expected, string Reason, string Source,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? HoldsFor = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Defect = false)
{
    /// <summary>The documented value with the versions it holds for, as every report shows it.</summary>
    public string ExpectedForVersions => HoldsFor is null ? Expected : $"{Expected} (for {HoldsFor})";

    /// <summary>
    /// The expectation of a behaviour no model decides (a corpus case whose fate is beyond the model): any observation
    /// is as documented within the run, and `compare --gate` holds it to the baseline run's.
    /// </summary>
    public const string Recorded = "recorded";

    public bool AsDocumented => Observed == Expected || Expected == Recorded;
}

/// <summary>The outcome of one matrix cell: keyed by its stable scenario id, so runs can be compared.</summary>
/// <param name="SkipReason">for a cell that was not run (<see cref="Skipped"/>): what was missing and how to enable it</param>
/// <param name="Seconds">how long the cell took to run (its guest's boot is its batch's, not the cell's); absent for a cell not run</param>
public sealed record CellResult(
    string Id,
    string Category,
    string Title,
    string Verdict,
    IReadOnlyList<AspectResult> Aspects,
    IReadOnlyList<string> Notes,
    string? Error = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SkipReason = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Seconds = null)
{
    public const string AsDocumented = "as documented";

    /// <summary>
    /// Behaved as documented, and what is documented is an upstream defect: it passes the gate like
    /// <see cref="AsDocumented"/>, but is counted and reported apart so nobody mistakes it for intended behaviour.
    /// </summary>
    public const string DocumentedDefect = "documented defect";

    public const string Deviates = "deviates";
    public const string Failed = "error";
    public const string Skipped = "skipped";

    /// <summary>Whether the cell was run and did not behave as documented (a skipped cell deviates from nothing).</summary>
    public bool IsDeviation => Verdict is not (AsDocumented or DocumentedDefect or Skipped);

    /// <summary>The aspects whose documented value is an upstream defect, as observed.</summary>
    public IEnumerable<AspectResult> Defects => Aspects.Where(a => a.Defect && a.AsDocumented);

    /// <summary>Pairs each expected aspect with its observation.</summary>
    public static CellResult From(string id, string category, string title, Expectation expected, Observation observed)
    {
        var aspects = expected.Aspects
            .Select(a => new AspectResult(a.Name, observed.Aspects.GetValueOrDefault(a.Name, "nothing"), a.Value.Value, a.Value.Reason, a.Value.Source,
                a.Value.HoldsFor, a.Value.Defect))
            .ToArray();
        var verdict = !aspects.All(a => a.AsDocumented) ? Deviates : aspects.Any(a => a.Defect) ? DocumentedDefect : AsDocumented;
        return new CellResult(id, category, title, verdict, aspects, observed.Notes.ToArray());
    }

    /// <summary>A cell that could not be observed at all (the lab failed, a wait timed out).</summary>
    public static CellResult FromError(string id, string category, string title, Exception error) =>
        new(id, category, title, Failed, [], [], $"{error.GetType().Name}: {error.Message}");

    /// <summary>A cell this run could not run here, with the prerequisite's words (e.g. no netmap modules for the guest kernel).</summary>
    public static CellResult FromSkip(string id, string category, string title, string reason) =>
        new(id, category, title, Skipped, [], [], SkipReason: reason);
}
