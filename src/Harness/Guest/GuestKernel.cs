namespace Vnetconf.Guest;

/// <summary>A bootable kernel image and the module tree built with it.</summary>
/// <param name="Image">the bzImage (vmlinuz); what QEMU loads is the image's <see cref="GuestImage.BootKernel"/>, its vmlinux when it has a PVH entry</param>
/// <param name="ModulesDirectory">its /lib/modules/RELEASE</param>
/// <param name="Release">the kernel release (uname -r of the guest)</param>
/// <param name="Origin">where it came from, for reports: "explicit paths", "this host's /boot", "Debian 13 (trixie) package …"</param>
public sealed record GuestKernel(string Image, string ModulesDirectory, string Release, string Origin)
{
    public override string ToString() => $"{Release} ({Origin})";
}
