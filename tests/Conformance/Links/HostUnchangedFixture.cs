using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Links;

namespace Vnetconf.Conformance.Links;

/// <summary>
/// The promise these tests make to the machine, checked: after every test of this folder has run, the host's own
/// namespace has the same links (names, indexes, MTUs, flags), the same named namespaces, and lo the same features.
/// </summary>
[SetUpFixture]
public class HostUnchangedFixture
{
    private string? before;

    [OneTimeSetUp]
    public void RecordHost()
    {
        if (!Environment.IsPrivilegedProcess) return; // every test will skip; nothing to compare
        before = Snapshot();
    }

    [OneTimeTearDown]
    public void HostIsAsItWas()
    {
        if (before is null) return;
        Snapshot().Should().Be(before, "the tests may change only namespaces they created");
    }

    private static string Snapshot() =>
        HostTools.LinkFingerprint(NetNamespace.Host) + "\n--- ip netns list\n" +
        HostTools.Run(NetNamespace.Host, "ip", "netns", "list") + "--- ethtool -k lo\n" +
        HostTools.Run(NetNamespace.Host, "ethtool", "-k", "lo");
}
