using System.Text.Json.Serialization;
using Vnetconf.Scenarios;

namespace Vnetconf.Reporting;

/// <summary>One aspect of one cell: what was observed and what the catalogue documents, with its evidence.</summary>
/// <param name="HoldsFor">the versions the documented value holds for, when a kernel change made it differ (absent: every version)</param>
public sealed record AspectResult(string Name, string Observed, string Expected, string Reason, string Source,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? HoldsFor = null)
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
public sealed record CellResult(
    string Id,
    string Category,
    string Title,
    string Verdict,
    IReadOnlyList<AspectResult> Aspects,
    IReadOnlyList<string> Notes,
    string? Error = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SkipReason = null)
{
    public const string AsDocumented = "as documented";
    public const string Deviates = "deviates";
    public const string Failed = "error";
    public const string Skipped = "skipped";

    /// <summary>Whether the cell was run and did not behave as documented (a skipped cell deviates from nothing).</summary>
    public bool IsDeviation => Verdict is not (AsDocumented or Skipped);

    /// <summary>Pairs each expected aspect with its observation.</summary>
    public static CellResult From(string id, string category, string title, Expectation expected, Observation observed)
    {
        var aspects = expected.Aspects
            .Select(a => new AspectResult(a.Name, observed.Aspects.GetValueOrDefault(a.Name, "nothing"), a.Value.Value, a.Value.Reason, a.Value.Source, a.Value.HoldsFor))
            .ToArray();
        return new CellResult(id, category, title, aspects.All(a => a.AsDocumented) ? AsDocumented : Deviates, aspects, observed.Notes.ToArray());
    }

    /// <summary>A cell that could not be observed at all (the lab failed, a wait timed out).</summary>
    public static CellResult FromError(string id, string category, string title, Exception error) =>
        new(id, category, title, Failed, [], [], $"{error.GetType().Name}: {error.Message}");

    /// <summary>A cell this run could not run here, with the prerequisite's words (e.g. no netmap modules for the guest kernel).</summary>
    public static CellResult FromSkip(string id, string category, string title, string reason) =>
        new(id, category, title, Skipped, [], [], SkipReason: reason);
}
