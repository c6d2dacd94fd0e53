using NUnit.Framework;
using Vnetconf.Container;

namespace Vnetconf.Conformance.Support;

/// <summary>What the Container tests need on top of the Guest ones: an engine with API ≥ 1.44 and the QEMU image.</summary>
public static class ContainerGuest
{
    private static readonly Lazy<string?> EngineGap = new(() => ContainerEngine.Gap());

    /// <summary>The shared guest environment, or Assert.Ignore with what is missing and the fix.</summary>
    public static GuestEnvironment Require()
    {
        var environment = GuestEnvironment.Require();
        if (EngineGap.Value is { } gap) Assert.Ignore(gap);
        return environment;
    }
}
