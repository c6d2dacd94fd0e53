namespace Vnetconf.Guest;

/// <summary>
/// Where guest kernels and images come from and where they are cached, chosen without editing code: from the
/// environment (what .ci/run and a user's shell can set) or given directly.
/// </summary>
/// <param name="CacheDirectory">content-addressed store of fetched kernels and built images</param>
/// <param name="KernelImage">an explicit kernel image; with <paramref name="ModulesDirectory"/>, wins over everything</param>
/// <param name="ModulesDirectory">the explicit kernel's module tree (/lib/modules/RELEASE)</param>
/// <param name="DebianRelease">fetch this release's cloud kernel package, even where the host's own kernel is usable</param>
public sealed record GuestSettings(string CacheDirectory, string? KernelImage, string? ModulesDirectory, DebianRelease? DebianRelease)
{
    public const string CacheVariable = "VNETCONF_CACHE";
    public const string KernelVariable = "VNETCONF_GUEST_KERNEL";
    public const string ModulesVariable = "VNETCONF_GUEST_MODULES";
    public const string DebianReleaseVariable = "VNETCONF_GUEST_DEBIAN";

    /// <summary>The release fetched when neither explicit paths nor the host's kernel are usable.</summary>
    public static readonly DebianRelease DefaultDebianRelease = Guest.DebianRelease.Bookworm;

    /// <summary>
    /// VNETCONF_CACHE (else $XDG_CACHE_HOME/vnetconf, else /var/cache/vnetconf as root, else ~/.cache/vnetconf),
    /// VNETCONF_GUEST_KERNEL + VNETCONF_GUEST_MODULES, VNETCONF_GUEST_DEBIAN (12, 13, bookworm, trixie).
    /// </summary>
    public static GuestSettings FromEnvironment()
    {
        string? Get(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
        var release = Get(DebianReleaseVariable);
        return new GuestSettings(
            Get(CacheVariable) ?? DefaultCacheDirectory(),
            Get(KernelVariable),
            Get(ModulesVariable),
            release is null ? null : Guest.DebianRelease.Parse(release));
    }

    private static string DefaultCacheDirectory()
    {
        if (Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg) return Path.Combine(xdg, "vnetconf");
        if (Tmds.Linux.LibC.geteuid() == 0) return "/var/cache/vnetconf";
        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "vnetconf");
    }
}
