namespace Vnetconf.Guest;

/// <summary>One loadable module file of a kernel's module tree.</summary>
/// <param name="Name">the module name with '_' (as insmod and /proc/modules spell it)</param>
/// <param name="Path">the file, possibly compressed (.ko.xz, .ko.zst, .ko.gz)</param>
public sealed record KernelModule(string Name, string Path)
{
    /// <summary>The file name inside the initramfs: always a plain .ko, because busybox insmod wants an ELF file.</summary>
    public string PlainFileName => Name + ".ko";
}
