using Vnetconf.Container;
using Vnetconf.Guest;
using Vnetconf.Scenarios;

namespace Vnetconf.Cli;

/// <summary>
/// One stack the guest categories run on in a single invocation: where its guest kernel and its QEMU come from.
/// Several stacks (Debian 12's 6.1 and Debian 13's 6.12 kernels; the host's QEMU and a container's) run the same
/// cells and are compared at the end.
/// </summary>
/// <param name="Name">the stack's directory name under the output directory, and its column label</param>
public sealed record GuestStack(string Name, GuestSettings Settings, QemuSource Qemu)
{
    /// <summary>
    /// Every combination of <paramref name="kernels"/> (none: the environment's kernel choice) and
    /// <paramref name="qemus"/>, named by what differs between them.
    /// </summary>
    public static IReadOnlyList<GuestStack> Combine(IReadOnlyList<KernelSpec> kernelSpecs, IReadOnlyList<QemuSource> qemus)
    {
        var kernels = kernelSpecs.Count == 0
            ? [("default", GuestSettings.FromEnvironment())]
            : kernelSpecs.Distinct()
                .Select(k => (k.Label, GuestSettings.FromEnvironment() with { Kernel = k }))
                .ToArray();
        return (from kernel in kernels
                from qemu in qemus.Distinct()
                let name = qemus.Distinct().Count() == 1 ? kernel.Item1
                    : kernels.Length == 1 ? $"qemu-{qemu.ToString().ToLowerInvariant()}" : $"{kernel.Item1}.qemu-{qemu.ToString().ToLowerInvariant()}"
                select new GuestStack(name, kernel.Item2, qemu)).ToArray();
    }

    /// <summary>Boots a guest of <paramref name="platform"/> (or <paramref name="image"/>, an image of its kernel) with this stack's QEMU.</summary>
    public ILabGuest Boot(GuestPlatform platform, bool vnetHeader, VirtioNetDeviceOptions device, GuestImage? image = null) => Qemu switch
    {
        QemuSource.Host => GuestLab.Boot(platform, vnetHeader, device, image),
        _ => ContainerQemuMachine.Boot(image ?? platform.Image, vnetHeader, device, accelerator: platform.Acceleration.Accelerator),
    };
}
