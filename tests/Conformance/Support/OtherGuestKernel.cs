using Vnetconf.Guest;
using Vnetconf.TestSupport;

namespace Vnetconf.Conformance.Support;

/// <summary>
/// The Debian release the run's default guest does not boot (Debian 13's 6.12 next to Debian 12's 6.1, or the other
/// way round), prepared once: so every run exercises both guest kernels users meet.
/// </summary>
public static class OtherGuestKernel
{
    /// <summary>The other kernel's platform, or Assert.Ignore with what is missing.</summary>
    public static GuestPlatform Require()
    {
        var settings = GuestEnvironment.Require().Settings;
        return Skip.Unless(GuestPlatform.For(settings with { Kernel = new KernelSpec.Debian(settings.OtherDebianRelease) }));
    }
}
