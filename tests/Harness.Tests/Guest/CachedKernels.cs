using NUnit.Framework;
using Vnetconf.Guest;

namespace Vnetconf.Harness.Tests.Guest;

/// <summary>The Debian kernel packages unpacked in the guest cache, for the tests that read real kernels.</summary>
internal static class CachedKernels
{
    /// <summary>Every cached kernel, in the order of their directories' names; ignored with the fix when there is none.</summary>
    public static GuestKernel[] Require()
    {
        var kernels = Path.Combine(GuestSettings.FromEnvironment().CacheDirectory, "kernels");
        GuestKernel[] found = Directory.Exists(kernels)
            ? [.. Directory.GetDirectories(kernels).Order(StringComparer.Ordinal).Select(directory => DebianKernelPackage.Locate(directory, "cache"))]
            : [];
        if (found.Length == 0) Assert.Ignore($"no kernel package unpacked under {kernels}. Fix: setup/guest-fixtures (it fetches the default guest kernel).");
        return found;
    }
}
