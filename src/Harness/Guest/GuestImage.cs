namespace Vnetconf.Guest;

/// <summary>What QEMU boots: a kernel and the initramfs built for it.</summary>
/// <param name="Kernel">the kernel and where it came from</param>
/// <param name="Initramfs">the newc cpio archive, stored under its SHA-256 in the cache</param>
/// <param name="Modules">the modules /init loads, in load order</param>
public sealed record GuestImage(GuestKernel Kernel, string Initramfs, IReadOnlyList<string> Modules)
{
    public override string ToString() => $"kernel {Kernel}, initramfs {Initramfs}, modules {string.Join(" ", Modules)}";
}
