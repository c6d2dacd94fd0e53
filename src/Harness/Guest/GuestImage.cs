namespace Vnetconf.Guest;

/// <summary>What QEMU boots: a kernel and the initramfs built for it.</summary>
/// <param name="Kernel">the kernel and where it came from</param>
/// <param name="Initramfs">the newc cpio archive, stored under its SHA-256 in the cache</param>
/// <param name="Modules">the modules /init loads, in load order</param>
/// <param name="BootKernel">
/// what QEMU's -kernel loads: the kernel's vmlinux, decompressed once and entered through PVH (<see cref="PvhKernel"/>),
/// or else the bzImage itself
/// </param>
/// <param name="Entry">how the kernel is entered, as reports say it (and, for the bzImage, why not through PVH)</param>
public sealed record GuestImage(GuestKernel Kernel, string Initramfs, IReadOnlyList<string> Modules, string BootKernel, string Entry)
{
    public override string ToString() => $"kernel {Kernel}, {Entry}, initramfs {Initramfs}, modules {string.Join(" ", Modules)}";
}
