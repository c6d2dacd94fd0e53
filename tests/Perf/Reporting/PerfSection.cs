namespace Vnetconf.Perf.Reporting;

/// <summary>
/// One fixture's part of the Perf results: a heading, how it was measured, its comparisons, and the measurements it
/// reports on their own (<paramref name="Figures"/>: a wall time or a pace with no peer to be a ratio of).
/// </summary>
public sealed record PerfSection(string Heading, string Context, IReadOnlyList<Comparison> Comparisons, IReadOnlyList<Measurement>? Figures = null)
{
    /// <summary>Whether anything of the section was measured: a skipped fixture contributes nothing.</summary>
    public bool Measured => Comparisons.Any(c => c.Trials > 0) || (Figures ?? []).Any(m => m.Samples.Count > 0);
}
