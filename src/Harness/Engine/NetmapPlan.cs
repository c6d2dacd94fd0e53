using Vnetconf.Scenarios;

namespace Vnetconf.Engine;

/// <summary>
/// A stack's netmap batches (<see cref="GuestStack.NetmapMatrixBatches"/>) and why the netmap cells they leave out do
/// not run, so every runner lists those as skipped, or fails, with the same reason.
/// </summary>
/// <param name="Batches">the batches to run: none when <paramref name="BuildGap"/> is said</param>
/// <param name="BuildGap">why no netmap cell can run on this stack (its build does not fit the guest kernel), or null</param>
/// <param name="NativeGap">why the native adapter's cells are left out (the build has no netmap virtio_net), or null</param>
public sealed record NetmapPlan(IReadOnlyList<MatrixBatch> Batches, string? BuildGap, string? NativeGap);
