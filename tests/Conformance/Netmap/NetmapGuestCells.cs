using NUnit.Framework;
using Vnetconf.Conformance.Support;
using Vnetconf.Guest;
using Vnetconf.Model;
using Vnetconf.Scenarios;

namespace Vnetconf.Conformance.Netmap;

/// <summary>
/// The netmap guest matrix's cells (<see cref="NetmapGuestMatrix"/>) as the engine's netmap run judged them on the host
/// QEMU's stack (<see cref="GuestMatrixRun.RequireNetmap"/>): the guests `vnetconf run` boots for the same batches, with
/// the user's modules. Without VNETCONF_NETMAP_MODULES every case is ignored at once, before any image is built or guest
/// booted; modules that do not fit the guest kernel fail the cases, since the user asked for netmap and would get none.
/// </summary>
public static class NetmapGuestCells
{
    /// <summary>Every netmap guest cell, listed without running anything (no guest is booted).</summary>
    public static IReadOnlyList<MatrixCell> Listed { get; } = [.. NetmapGuestMatrix.Listed()];

    /// <summary>Ignored, with how to give them, when no netmap modules are named.</summary>
    public static void RequireModules()
    {
        if (Environment.GetEnvironmentVariable(NetmapGuestModules.ModulesVariable) is null or "") Assert.Ignore(NetmapGuestModules.NotConfiguredReason);
    }

    /// <summary>
    /// What the run judged of cell <paramref name="id"/>, and what was observed; ignored when the modules lack netmap's
    /// virtio_net and the cell is the native adapter's.
    /// </summary>
    public static (CellResult Result, Observation? Observed) Judged(string id)
    {
        RequireModules();
        var (plan, run) = GuestMatrixRun.RequireNetmap()
                          ?? throw new InvalidOperationException($"{NetmapGuestModules.ModulesVariable} is set, yet no netmap batch was planned");
        if (plan.BuildGap is { } gap) Assert.Fail(gap);
        if (plan.NativeGap is { } nativeGap && !plan.Batches.SelectMany(b => b.Cells).Any(c => c.Id == id)) Assert.Ignore(nativeGap);
        return run.Judged(GuestMatrixRun.HostQemu, id);
    }
}
