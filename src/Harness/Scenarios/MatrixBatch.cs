namespace Vnetconf.Scenarios;

/// <summary>
/// Cells that run back to back because they share something costly to set up: a booted guest for the cells of one
/// backend. <paramref name="Setup"/> prepares it before the first cell (so progress can say what it waits for) and
/// <paramref name="Resources"/> is released after the last; host cells need neither.
/// </summary>
/// <param name="Name">what the batch shares, for progress output</param>
public sealed record MatrixBatch(string Name, IReadOnlyList<MatrixCell> Cells, Action? Setup = null, IDisposable? Resources = null);
