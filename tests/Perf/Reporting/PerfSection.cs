namespace Vnetconf.Perf.Reporting;

/// <summary>One fixture's part of the Perf results: a heading, how it was measured, and its comparisons.</summary>
public sealed record PerfSection(string Heading, string Context, IReadOnlyList<Comparison> Comparisons);
