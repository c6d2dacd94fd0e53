namespace Vnetconf.Guest;

/// <summary>
/// Where guest kernels and images come from and where they are cached, chosen without editing code: from the
/// environment (what .ci/run and a user's shell can set) or given directly.
/// </summary>
/// <param name="CacheDirectory">content-addressed store of fetched kernels and built images</param>
/// <param name="Kernel">the kernel asked for; null: this host's own where usable, else <see cref="DefaultDebianRelease"/>'s</param>
public sealed record GuestSettings(string CacheDirectory, KernelSpec? Kernel)
{
    public const string CacheVariable = "VNETCONF_CACHE";
    public const string KernelVariable = "VNETCONF_GUEST_KERNEL";
    public const string ModulesVariable = "VNETCONF_GUEST_MODULES";
    public const string DebianReleaseVariable = "VNETCONF_GUEST_DEBIAN";

    /// <summary>The release fetched when nothing is asked for and the host's own kernel is not usable.</summary>
    public static readonly DebianRelease DefaultDebianRelease = DebianRelease.Bookworm;

    /// <summary>
    /// VNETCONF_CACHE (else $XDG_CACHE_HOME/vnetconf, else /var/cache/vnetconf as root, else ~/.cache/vnetconf),
    /// VNETCONF_GUEST_KERNEL + VNETCONF_GUEST_MODULES (a kernel build), VNETCONF_GUEST_DEBIAN (a Debian release or suite).
    /// </summary>
    public static GuestSettings FromEnvironment()
    {
        string? Get(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
        var (image, modules, release) = (Get(KernelVariable), Get(ModulesVariable), Get(DebianReleaseVariable));
        // A build with only one of its two paths still names a build: locating it says which variable is missing.
        KernelSpec? kernel = image is not null || modules is not null ? new KernelSpec.Build(image ?? "", modules ?? "")
            : release is not null ? new KernelSpec.Debian(DebianRelease.Parse(release))
            : null;
        return new GuestSettings(Get(CacheVariable) ?? DefaultCacheDirectory(), kernel);
    }

    /// <summary>
    /// The Debian release these settings do not boot (13's beside 12's, or 12's beside 13's; 13's when nothing is
    /// asked for): the suite boots both kernels its users meet.
    /// </summary>
    public DebianRelease OtherDebianRelease => Kernel is KernelSpec.Debian { Release.Number: 13 } ? DebianRelease.Bookworm : DebianRelease.Trixie;

    private static string DefaultCacheDirectory()
    {
        if (Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg) return Path.Combine(xdg, "vnetconf");
        if (Tmds.Linux.LibC.geteuid() == 0) return "/var/cache/vnetconf";
        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "vnetconf");
    }
}
