using Vnetconf.Model;

namespace Vnetconf.Guest;

/// <summary>
/// Finds the guest kernel a <see cref="KernelSpec"/> names; with none, this host's own kernel (<c>/boot/vmlinuz-$(uname -r)</c>
/// with <c>/lib/modules/$(uname -r)</c>, when both are there and readable: on a KVM host, test the kernel you run), else
/// the default Debian release's cloud kernel package.
/// </summary>
internal static class GuestKernelLocator
{
    /// <exception cref="InvalidOperationException">no kernel can be had; the message says what was tried and how to supply one</exception>
    public static GuestKernel Locate(GuestSettings settings) => settings.Kernel switch
    {
        null => Host() ?? FetchDefault(settings),
        KernelSpec.Debian debian => DebianKernelPackage.Fetch(debian.Release, settings.CacheDirectory),
        KernelSpec.PackageFile package => DebianKernelPackage.Unpack(package.Paths, settings.CacheDirectory),
        KernelSpec.Build build => Build(build),
        KernelSpec.Host => Host() ?? throw new InvalidOperationException(
            $"this host's kernel {KernelVersion()} cannot boot a guest here: /boot/vmlinuz-{KernelVersion()} or /lib/modules/{KernelVersion()} is missing or unreadable. Fix: name its image, --kernel PATH,modules=DIR"),
        _ => throw new InvalidOperationException($"unknown kernel spec {settings.Kernel}"),
    };

    /// <summary>This host's running kernel, when its image and modules are readable; else null.</summary>
    public static GuestKernel? Host()
    {
        var release = KernelVersion();
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

    /// <summary>A kernel build: its release read from the image, its modules found under what <c>make modules_install</c> left.</summary>
    private static GuestKernel Build(KernelSpec.Build build)
    {
        if (build.Image.Length == 0 || build.Modules.Length == 0)
            throw new InvalidOperationException(
                $"{GuestSettings.KernelVariable} and {GuestSettings.ModulesVariable} go together: name the kernel image and its /lib/modules/RELEASE");
        if (!File.Exists(build.Image)) throw new InvalidOperationException($"no kernel image {build.Image} (named by --kernel or {GuestSettings.KernelVariable})");
        if (!Directory.Exists(build.Modules)) throw new InvalidOperationException($"no modules directory {build.Modules} (named by --kernel or {GuestSettings.ModulesVariable})");
        var release = ReleaseOf(build.Image);
        var modules = new[] { Path.Combine(build.Modules, "lib", "modules", release), Path.Combine(build.Modules, "usr", "lib", "modules", release), build.Modules }
            .FirstOrDefault(d => Directory.Exists(d) && Path.GetFileName(d.TrimEnd('/')) == release);
        if (modules is null)
        {
            var found = new[] { Path.Combine(build.Modules, "lib", "modules"), Path.Combine(build.Modules, "usr", "lib", "modules") }
                .Where(Directory.Exists).SelectMany(Directory.EnumerateDirectories).Select(Path.GetFileName).ToArray();
            throw new InvalidOperationException(
                $"{build.Modules} holds no modules of {release}, the release of {build.Image}" +
                (found.Length > 0 ? $" (it holds {string.Join(", ", found)}: modules of another build)" : "") +
                ". Fix: give the directory make modules_install INSTALL_MOD_PATH=DIR filled for this image");
        }
        return new GuestKernel(build.Image, modules, release, $"kernel build {build.Image}");
    }

    /// <summary>The release the image itself states (<see cref="BzImage.ReadRelease"/>).</summary>
    /// <exception cref="InvalidOperationException">the file is not a kernel image</exception>
    public static string ReleaseOf(string image)
    {
        try
        {
            return BzImage.ReadRelease(image);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException(e.Message, e);
        }
    }

    private static string KernelVersion() => File.ReadAllText("/proc/sys/kernel/osrelease").Trim();

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
                $"or name a kernel: --kernel SPEC (or {GuestSettings.KernelVariable} and {GuestSettings.ModulesVariable}).", e);
        }
    }
}
