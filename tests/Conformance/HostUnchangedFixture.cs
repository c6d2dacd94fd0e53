using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Conformance.Support;
using Vnetconf.Scenarios;

namespace Vnetconf.Conformance;

/// <summary>
/// The promise the whole suite makes to the machine, checked around the whole run: afterwards the host's own
/// namespace has the same links (names, indexes, MTUs, flags), the same named namespaces, and lo the same features.
/// </summary>
[SetUpFixture]
public sealed class HostUnchangedFixture
{
    private HostSnapshot? before;

    [OneTimeSetUp]
    public void RecordHost()
    {
        if (HostCapabilities.HostLab.Gap is not null) return; // every test will skip; nothing to compare
        before = HostSnapshot.Take();
    }

    [OneTimeTearDown]
    public void HostIsAsItWas()
    {
        if (before is null) return;
        var after = HostSnapshot.Take();
        after.Should().Be(before, "the suite may change only namespaces it created");
        TestContext.Progress.WriteLine($"host namespace unchanged by the run: {after.Links.Split('\n').Length} links, named namespaces [{after.NamedNamespaces.Trim()}]");
    }
}
