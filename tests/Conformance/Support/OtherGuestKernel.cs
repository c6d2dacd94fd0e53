using Vnetconf.Guest;
using Vnetconf.Model;
using Vnetconf.TestSupport;

namespace Vnetconf.Conformance.Support;

/// <summary>
/// The Debian release the run's default guest does not boot (Debian 13's 6.12 next to Debian 12's 6.1, or the other
/// way round), prepared once: so every run exercises both guest kernels users meet.
/// </summary>
public static class OtherGuestKernel
{
    /// <summary>The settings that boot it: the environment's, with the other release's kernel.</summary>
    public static GuestSettings Settings
    {
        get
        {
            var settings = GuestSettings.FromEnvironment();
            return settings with { Kernel = new KernelSpec.Debian(settings.OtherDebianRelease) };
        }
    }

    /// <summary>Its platform as a requirement: unmet, with the reason, where the kernel cannot be had.</summary>
    public static Requirement<GuestPlatform> Platform => GuestPlatform.For(Settings);

    /// <summary>The other kernel's platform, or Assert.Ignore with what is missing.</summary>
    public static GuestPlatform Require()
    {
        GuestEnvironment.Require();
        return Skip.Unless(Platform);
    }
}
