using Vnetconf.Container;
using Vnetconf.Guest;
using Vnetconf.Scenarios;

namespace Vnetconf.Engine;

/// <summary>
/// One stack the guest categories run on in a single invocation: where its guest kernel and its QEMU come from, and
/// which netmap build its netmap cells load. Several stacks (Debian 12's 6.1 and Debian 13's 6.12 kernels; the host's
/// QEMU, a build's, a suite's image; netmap build A and build B) run the same cells and are compared at the end.
/// </summary>
/// <param name="Name">the stack's directory name under the output directory, and its column label</param>
/// <param name="Netmap">the netmap modules of this stack's netmap cells; null when no netmap cell is run</param>
/// <param name="RunsGuestMatrix">
/// whether the non-netmap guest cells run here (the guest matrix, and the host matrices in a guest on a kernel under
/// test): a second netmap build varies only netmap, so its stack runs the netmap cells alone (a comparison does not
/// count the cells it did not run)
/// </param>
/// <param name="Vhost">whether its guests' tap netdev runs with vhost=on (the kernel's vhost-net moves the frames instead of QEMU)</param>
public sealed record GuestStack(string Name, GuestSettings Settings, QemuSpec Qemu, NetmapGuestModules? Netmap = null, bool RunsGuestMatrix = true, bool Vhost = false)
{
    /// <summary>
    /// Every combination of <paramref name="kernelSpecs"/> (none: the environment's kernel choice),
    /// <paramref name="qemuSpecs"/> and <paramref name="netmapBuilds"/> (none or one: no netmap dimension), named by what
    /// differs between them; two specs of one label (two binaries in directories of the same names) are told apart by a
    /// number, as each stack needs a directory of its own.
    /// </summary>
    /// <param name="vhost">
    /// also each stack of a QEMU on this host with vhost=on, beside it as "NAME.vhost" ("vhost" beside a lone stack): the
    /// same cells through the kernel's vhost-net, compared with QEMU's own datapath. A container's QEMU has no
    /// /dev/vhost-net, so its stacks get no such twin.
    /// </param>
    public static IReadOnlyList<GuestStack> Combine(IReadOnlyList<KernelSpec> kernelSpecs, IReadOnlyList<QemuSpec> qemuSpecs,
        IReadOnlyList<NetmapGuestModules> netmapBuilds, bool vhost = false)
    {
        var stacks = WithoutVhost(kernelSpecs, qemuSpecs, netmapBuilds);
        if (!vhost) return stacks;
        return [.. stacks.SelectMany(stack => stack.Qemu is QemuSpec.InImage
            ? [stack]
            : new[] { stack, stack with { Name = stacks.Length == 1 && stack.Name == "default" ? "vhost" : $"{stack.Name}.vhost", Vhost = true } })];
    }

    private static GuestStack[] WithoutVhost(IReadOnlyList<KernelSpec> kernelSpecs, IReadOnlyList<QemuSpec> qemuSpecs,
        IReadOnlyList<NetmapGuestModules> netmapBuilds)
    {
        var kernels = kernelSpecs.Count == 0
            ? [("default", GuestSettings.FromEnvironment())]
            : kernelSpecs.Distinct()
                .Select(k => (k.Label, GuestSettings.FromEnvironment() with { Kernel = k }))
                .ToArray();
        var qemus = qemuSpecs.Distinct().ToArray();
        var qemuNames = qemus.Select((q, i) => qemus.Take(i).Count(earlier => earlier.Label == q.Label) is var before and > 0 ? $"{q.Label}-{before + 1}" : q.Label)
            .ToArray();
        var machines = (from kernel in kernels
                        from index in Enumerable.Range(0, qemus.Length)
                        let name = qemus.Length == 1 ? kernel.Item1
                            : kernels.Length == 1 ? qemuNames[index] : $"{kernel.Item1}.{qemuNames[index]}"
                        select new GuestStack(name, kernel.Item2, qemus[index], netmapBuilds.Count > 0 ? netmapBuilds[0] : null)).ToArray();
        if (netmapBuilds.Count <= 1) return machines;
        // Several builds are labelled (NetmapGuestModules.FromOptions): the label names the stack.
        return (from machine in machines
                from build in netmapBuilds.Select((b, i) => (Modules: b, Index: i))
                let label = $"netmap-{build.Modules.Label}"
                select machine with
                {
                    Name = machines.Length == 1 ? label : $"{machine.Name}.{label}",
                    Netmap = build.Modules,
                    RunsGuestMatrix = build.Index == 0,
                }).ToArray();
    }

    /// <summary>
    /// The guest matrix's batches on this stack (<see cref="GuestMatrix.Batches"/>), the cells <paramref name="include"/>
    /// selects: each boots its guest with this stack's QEMU, and <paramref name="booted"/> sees it (with the boot's
    /// name) before its first cell.
    /// </summary>
    public IEnumerable<MatrixBatch> GuestMatrixBatches(GuestPlatform platform, Func<MatrixCell, bool> include, Func<ILabGuest, string, ILabGuest> booted) =>
        GuestMatrix.Batches(request => booted(Boot(platform, request.Backend.VnetHeader, request.Backend.Device, sideNics: request.SideNics), request.Name), include);

    /// <summary>
    /// The netmap guest matrix's batches on this stack (<see cref="NetmapGuestMatrix.Batches"/>), the cells
    /// <paramref name="include"/> selects, each guest booted from an image of its kernel with this stack's netmap build
    /// (with netmap's virtio_net when the build has it, and with the stock driver for the control cells over that) and
    /// seen by <paramref name="booted"/> with the boot's name before its first cell. The throughput cell's bound comes
    /// from <paramref name="profile"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">this stack has no netmap build</exception>
    public NetmapPlan NetmapMatrixBatches(GuestPlatform platform, Func<MatrixCell, bool> include, Func<ILabGuest, string, ILabGuest> booted,
        Func<ThroughputProfile> profile)
    {
        var build = Netmap ?? throw new InvalidOperationException($"stack {Name} has no netmap build");
        GuestImage image, stock;
        try
        {
            image = platform.ImageWith(build);
            stock = build.NativeDriverGap is null ? platform.ImageWith(build.WithStockDriver()) : image;
        }
        catch (InvalidOperationException e)
        {
            return new NetmapPlan([], e.Message, null);
        }
        var batches = NetmapGuestMatrix.Batches((vnetHeader, device, stockDriver) =>
                booted(Boot(platform, vnetHeader, device, stockDriver ? stock : image), $"netmap{(stockDriver ? " stock-driver" : "")} vnet-{(vnetHeader ? "on" : "off")}.{device}"),
            nativeDriver: build.NativeDriverGap is null, include, profile).ToArray();
        return new NetmapPlan(batches, null, build.NativeDriverGap);
    }

    /// <summary>
    /// Boots a guest of <paramref name="platform"/> (or <paramref name="image"/>, an image of its kernel) with this
    /// stack's QEMU, with <paramref name="sideNics"/> beside the lab's NIC.
    /// </summary>
    public ILabGuest Boot(GuestPlatform platform, bool vnetHeader, VirtioNetDeviceOptions device, GuestImage? image = null, IReadOnlyList<SideNic>? sideNics = null) => Qemu switch
    {
        QemuSpec.InImage inImage => ContainerQemuMachine.Boot(image ?? platform.Image, vnetHeader, device, accelerator: platform.Acceleration.Accelerator, qemu: inImage,
            sideNics: sideNics),
        _ => GuestLab.Boot(platform, vnetHeader, device, image, vhost: Vhost, qemu: Qemu as QemuSpec.Binary, sideNics: sideNics),
    };
}
