using Vnetconf.Container;
using Vnetconf.TestSupport;

namespace Vnetconf.Conformance.Support;

/// <summary>What the Container tests need on top of the Guest ones: an engine with API ≥ 1.44 and the QEMU image.</summary>
public static class ContainerGuest
{
    /// <summary>The shared guest environment, or Assert.Ignore with what is missing and the fix.</summary>
    public static GuestEnvironment Require()
    {
        var environment = GuestEnvironment.Require();
        Skip.Unless(ContainerEngine.Available);
        return environment;
    }
}
