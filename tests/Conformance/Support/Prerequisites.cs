using NUnit.Framework;
using Vnetconf.Scenarios;

namespace Vnetconf.Conformance.Support;

/// <summary>
/// What a category needs from the host. A missing capability makes the test inconclusive with the exact
/// reason and the fix, never a failure that looks like a kernel finding, and never a pass.
/// </summary>
public static class Prerequisites
{
    /// <summary>Host category: root (for namespaces, TAPs, AF_PACKET) and /dev/net/tun.</summary>
    public static void RequireHostLab()
    {
        foreach (var gap in HostCapabilities.Probe().HostLabGaps)
            Assert.Ignore(gap);
    }
}
