namespace Vnetconf.Guest;

/// <summary>Everything one QEMU invocation needs; <see cref="QemuArguments.Build"/> turns it into a command line.</summary>
/// <param name="Image">kernel and initramfs</param>
/// <param name="Accelerator">tcg or kvm</param>
/// <param name="ConsoleLog">file that receives the kernel console (ttyS0)</param>
/// <param name="AgentSocket">unix socket the harness listens on; QEMU connects the agent's virtio-serial port to it</param>
/// <param name="TapFd">the inherited TAP fd for <c>-netdev tap,fd=N</c>; null (and no <see cref="NamedTap"/>) boots without a NIC (the acceleration probe)</param>
/// <param name="Device">virtio-net-pci properties</param>
public sealed record QemuConfiguration(
    GuestImage Image,
    Accelerator Accelerator,
    string ConsoleLog,
    string? AgentSocket,
    int? TapFd,
    VirtioNetDeviceOptions Device)
{
    public int MemoryMiB { get; init; } = 256;

    /// <summary>vhost=on for the tap netdev: the kernel's vhost-net moves the frames instead of QEMU.</summary>
    public bool Vhost { get; init; }

    /// <summary>
    /// A TAP that QEMU opens itself by name (<c>-netdev tap,ifname=…</c>), in QEMU's own namespace, instead of an
    /// inherited <see cref="TapFd"/>: for a QEMU in a container, which cannot inherit the harness's fds.
    /// </summary>
    public NamedTap? NamedTap { get; init; }

    /// <summary>The qemu-system-x86_64 to start: a bare name is looked up on PATH (the host's QEMU), a path is taken as it is.</summary>
    public string Binary { get; init; } = QemuArguments.Binary;

    /// <summary>NICs beside the lab's, each on a TAP of its own (<see cref="SideNic"/>).</summary>
    public IReadOnlyList<SideNic> SideNics { get; init; } = [];

    /// <summary>QEMU's <c>-L</c>: where a QEMU that is not installed (a build tree's) finds its firmware; null for its own data directory.</summary>
    public string? Firmware { get; init; }

    /// <summary>Appended to the kernel command line.</summary>
    public string ExtraKernelArguments { get; init; } = "";
}
