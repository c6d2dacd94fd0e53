namespace Vnetconf.Guest;

/// <summary>
/// Chooses the guest kernel, in order of preference: explicit paths; a Debian release asked for by name; this host's
/// own kernel (<c>/boot/vmlinuz-$(uname -r)</c> with <c>/lib/modules/$(uname -r)</c>, when both are there and
/// readable: on a KVM host, test the kernel you run); the default Debian release's cloud kernel package.
/// </summary>
public static class GuestKernelLocator
{
    /// <exception cref="InvalidOperationException">no kernel can be had; the message says what was tried and how to supply one</exception>
    public static GuestKernel Locate(GuestSettings settings)
    {
        if (settings.KernelImage is not null || settings.ModulesDirectory is not null)
            return Explicit(settings);
        if (settings.DebianRelease is { } asked)
            return DebianKernelPackage.Fetch(asked, settings.CacheDirectory);
        return Host() ?? FetchDefault(settings);
    }

    /// <summary>This host's running kernel, when its image and modules are readable; else null.</summary>
    public static GuestKernel? Host()
    {
        var release = File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
        var image = $"/boot/vmlinuz-{release}";
        var modules = $"/lib/modules/{release}";
        if (!File.Exists(image) || !Directory.Exists(modules)) return null;
        try
        {
            using (File.OpenRead(image)) { }
        }
        catch (UnauthorizedAccessException)
        {
            return null; // Ubuntu keeps vmlinuz root-only
        }
        return new GuestKernel(image, modules, release, "this host's /boot and /lib/modules");
    }

    private static GuestKernel Explicit(GuestSettings settings)
    {
        if (settings.KernelImage is null || settings.ModulesDirectory is null)
            throw new InvalidOperationException(
                $"{GuestSettings.KernelVariable} and {GuestSettings.ModulesVariable} go together: name the kernel image and its /lib/modules/RELEASE");
        if (!File.Exists(settings.KernelImage)) throw new InvalidOperationException($"{GuestSettings.KernelVariable}: no file {settings.KernelImage}");
        if (!Directory.Exists(settings.ModulesDirectory)) throw new InvalidOperationException($"{GuestSettings.ModulesVariable}: no directory {settings.ModulesDirectory}");
        return new GuestKernel(settings.KernelImage, settings.ModulesDirectory, Path.GetFileName(settings.ModulesDirectory.TrimEnd('/')), "explicit paths");
    }

    private static GuestKernel FetchDefault(GuestSettings settings)
    {
        try
        {
            return DebianKernelPackage.Fetch(GuestSettings.DefaultDebianRelease, settings.CacheDirectory);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException)
        {
            throw new InvalidOperationException(
                $"no guest kernel: this host's /boot/vmlinuz-$(uname -r) or /lib/modules is missing, and fetching " +
                $"{DebianKernelPackage.MetaPackage} of {GuestSettings.DefaultDebianRelease} failed ({e.Message}). Fix: run setup/guest-fixtures, " +
                $"or set {GuestSettings.KernelVariable} and {GuestSettings.ModulesVariable}.", e);
        }
    }
}
