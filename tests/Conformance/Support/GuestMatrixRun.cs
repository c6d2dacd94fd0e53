using System.Collections.Concurrent;
using NUnit.Framework;
using Vnetconf.Container;
using Vnetconf.Engine;
using Vnetconf.Guest;
using Vnetconf.Model;
using Vnetconf.Scenarios;

namespace Vnetconf.Conformance.Support;

/// <summary>
/// The guest matrix as `vnetconf run` runs it, once per test run: the engine's stacks plan the batches (a guest per
/// backend, one for the device variants) and its pool schedules them, a guest per core, on the host's QEMU, and where
/// this host has them on the container's and on the host QEMU with vhost-net, with the other Debian release's kernel
/// beside them for its subset; and apart from it, the netmap matrix on the host QEMU's stack when the user names
/// netmap modules (VNETCONF_NETMAP_MODULES). The fixtures then judge one test case per cell from what the run observed, so
/// `dotnet test` and `vnetconf run` boot the same guests for the same batches.
/// </summary>
public sealed class GuestMatrixRun : IBatchObserver
{
    /// <summary>The host QEMU's stack of the default guest kernel.</summary>
    public static readonly GuestStack HostQemu = new("host QEMU", GuestSettings.FromEnvironment(), new QemuSpec.Host());

    /// <summary>The container QEMU's stack of the default guest kernel.</summary>
    public static readonly GuestStack ContainerQemu = new("container QEMU", GuestSettings.FromEnvironment(), new QemuSpec.Container());

    /// <summary>The host QEMU's stack with vhost=on: the kernel's vhost-net moves the frames instead of QEMU.</summary>
    public static readonly GuestStack HostQemuVhost = HostQemu with { Name = "host QEMU, vhost-net", Vhost = true };

    /// <summary>The other Debian release's kernel on the host QEMU (<see cref="OtherGuestKernel"/>).</summary>
    public static readonly GuestStack OtherKernel = new("other guest kernel", OtherGuestKernel.Settings, new QemuSpec.Host());

    private static readonly Lazy<GuestMatrixRun> Instance = new(RunGuestMatrix, LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly Lazy<(NetmapPlan Plan, GuestMatrixRun Run)?> NetmapInstance = new(RunNetmap, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly ConcurrentDictionary<(string Stack, string Id), (CellResult Result, Observation? Observed)> judged = new();
    private readonly ConcurrentDictionary<MatrixBatch, string> stackOf = new(ReferenceEqualityComparer.Instance);

    /// <summary>Runs <paramref name="batches"/> (each with its stack's name) in the engine's pool, a guest per core.</summary>
    private GuestMatrixRun(string what, IReadOnlyList<(GuestStack Stack, MatrixBatch Batch)> batches)
    {
        foreach (var (stack, batch) in batches) stackOf[batch] = stack.Name;
        TestContext.Progress.WriteLine($"{what}: {batches.Count} batches on {string.Join(", ", batches.Select(b => b.Stack.Name).Distinct())}, {BatchPool.GuestParallelism} at a time");
        BatchPool.Run([.. batches.Select(b => b.Batch)], BatchPool.GuestParallelism, this);
    }

    private static GuestMatrixRun RunGuestMatrix()
    {
        var environment = GuestEnvironment.Require();
        var stacks = new List<(GuestStack Stack, GuestPlatform Platform, Func<MatrixCell, bool> Include)> { (HostQemu, environment.Platform, _ => true) };
        if (ContainerEngine.Available.Gap is null) stacks.Add((ContainerQemu, environment.Platform, _ => true));
        if (GuestLab.Vhost.Gap is null) stacks.Add((HostQemuVhost, environment.Platform, _ => true));
        if (OtherGuestKernel.Platform.Gap is null) stacks.Add((OtherKernel, OtherGuestKernel.Platform.Value, cell => OtherKernelCells.Contains(cell.Id)));
        return new GuestMatrixRun("guest matrix", [.. stacks.SelectMany(s =>
            s.Stack.GuestMatrixBatches(s.Platform, s.Include, (guest, name) => Booted(s.Stack, guest, name)).Select(batch => (s.Stack, batch)))]);
    }

    /// <summary>
    /// The netmap matrix on the host QEMU's stack with the user's modules, as `vnetconf run --netmap-modules` plans it;
    /// null when VNETCONF_NETMAP_MODULES names none. A run apart from the guest matrix's, so that the guest fixtures
    /// boot no netmap guest and the netmap fixtures no guest of the guest matrix.
    /// </summary>
    private static (NetmapPlan Plan, GuestMatrixRun Run)? RunNetmap()
    {
        var environment = GuestEnvironment.Require();
        NetmapGuestModules? modules;
        try
        {
            modules = NetmapGuestModules.FromEnvironment();
        }
        catch (ArgumentException e)
        {
            return (new NetmapPlan([], e.Message, null), new GuestMatrixRun("netmap matrix", []));
        }
        if (modules is null) return null;
        TestContext.Progress.WriteLine($"netmap guest: {modules}");
        var plan = (HostQemu with { Netmap = modules }).NetmapMatrixBatches(environment.Platform, _ => true, (guest, name) => Booted(HostQemu, guest, name),
            () => ThroughputProfile.Load());
        return (plan, new GuestMatrixRun("netmap matrix", [.. plan.Batches.Select(batch => (HostQemu, batch))]));
    }

    /// <summary>The run, started by the first fixture that needs it; Assert.Ignore with the reason when guests cannot be booted.</summary>
    public static GuestMatrixRun Require()
    {
        GuestEnvironment.Require();
        return Instance.Value;
    }

    /// <summary>
    /// The netmap matrix's plan and run (<see cref="RunNetmap"/>), started by the first netmap fixture; null when no
    /// modules are named; Assert.Ignore with the reason when guests cannot be booted.
    /// </summary>
    public static (NetmapPlan Plan, GuestMatrixRun Run)? RequireNetmap()
    {
        GuestEnvironment.Require();
        return NetmapInstance.Value;
    }

    /// <summary>
    /// The other kernel's cells: each backend's negotiation as booted, and bulk TCP each way with the NIC's offloads on,
    /// so a difference between the two Debian kernels shows as a deviation of one of them, not as an untested kernel.
    /// </summary>
    public static IReadOnlySet<string> OtherKernelCells { get; } = GuestBackend.All.SelectMany(backend =>
        new[] { GuestNegotiationCatalogue.Cell(backend, MatrixCases.NotBooted).Id }
            .Concat(new[] { GuestPathDirection.Transmit, GuestPathDirection.Receive }
                .Select(d => new GuestPathScenario(backend, GuestPathCatalogue.NicSettings[0], d, Packets.IPProtocol.Tcp).Id)))
        .ToHashSet();

    /// <summary>What <paramref name="stack"/>'s cell <paramref name="id"/> was judged, and what was observed.</summary>
    public (CellResult Result, Observation? Observed) Judged(GuestStack stack, string id) =>
        judged.TryGetValue((stack.Name, id), out var found) ? found
            : throw new AssertionException($"the guest matrix run judged no cell {id} on the {stack.Name} stack");

    private static ILabGuest Booted(GuestStack stack, ILabGuest guest, string name)
    {
        TestContext.Progress.WriteLine($"{stack.Name}, {name}: {guest.Describe()}");
        return guest;
    }

    void IBatchObserver.SettingUp(MatrixBatch batch) => TestContext.Progress.WriteLine($"{stackOf[batch]}: setting up {batch.Name}");

    void IBatchObserver.SetupFailed(MatrixBatch batch, Exception failure) =>
        TestContext.Progress.WriteLine($"{stackOf[batch]}: {batch.Name} could not be set up: {failure.Message.Split('\n')[0]}");

    void IBatchObserver.Starting(MatrixBatch batch, MatrixCell cell)
    {
    }

    void IBatchObserver.Judged(MatrixBatch batch, MatrixCell cell, CellResult result, Observation? observation) =>
        judged[(stackOf[batch], cell.Id)] = (result, observation);

    void IBatchObserver.ReleaseFailed(MatrixBatch batch, Exception failure) =>
        TestContext.Progress.WriteLine($"{stackOf[batch]}: {batch.Name} could not be released: {failure.Message.Split('\n')[0]}");
}
