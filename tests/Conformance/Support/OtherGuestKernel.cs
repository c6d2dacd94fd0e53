using NUnit.Framework;
using Vnetconf.Guest;

namespace Vnetconf.Conformance.Support;

/// <summary>
/// The Debian release the run's default guest does not boot (Debian 13's 6.12 next to Debian 12's 6.1, or the other
/// way round), prepared once: so every run exercises both guest kernels users meet.
/// </summary>
public static class OtherGuestKernel
{
    private static readonly Lazy<(GuestPlatform? Platform, string? Gap)> Instance = new(Prepare);

    /// <summary>The other kernel's platform, or Assert.Ignore with what is missing.</summary>
    public static GuestPlatform Require()
    {
        GuestEnvironment.Require();
        var (platform, gap) = Instance.Value;
        if (platform is null) Assert.Ignore(gap ?? "the other guest kernel is unavailable");
        return platform!;
    }

    private static (GuestPlatform?, string?) Prepare()
    {
        var environment = GuestEnvironment.Require();
        var release = environment.Settings.OtherDebianRelease;
        try
        {
            var platform = GuestPlatform.Prepare(environment.Settings with { Kernel = new KernelSpec.Debian(release) });
            TestContext.Progress.WriteLine($"other guest kernel: {platform}; prepared in {platform.Preparation.TotalSeconds:0.0} s");
            return (platform, null);
        }
        catch (GuestPlatformUnavailableException e)
        {
            return (null, $"{release}: {e.Message}");
        }
    }
}
