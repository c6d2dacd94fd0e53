using NUnit.Framework;
using Vnetconf.Conformance.Support;
using Vnetconf.Guest;
using Vnetconf.Packets;
using Vnetconf.Scenarios;

namespace Vnetconf.Conformance.Guest;

/// <summary>
/// The other Debian release's guest kernel on every backend: its negotiation and bulk TCP each way with the NIC's
/// offloads on, from the same catalogues as the default kernel's cells — so a difference between 6.1 and 6.12 shows
/// up as a deviation of one of them, not as an untested kernel.
/// </summary>
[TestFixtureSource(nameof(Backends))]
public sealed class OtherGuestKernelTests(GuestBackend backend) : GuestFixture(backend.VnetHeader, backend.Device)
{
    private readonly MatrixReport report = new($"Other guest kernel: {backend}",
        [GuestNegotiationCatalogue.NegotiatedOffloads, GuestNegotiationCatalogue.TapHeader, GuestNegotiationCatalogue.TapOffloads,
         FrameAspects.Checksum, FrameAspects.Segmentation, FrameAspects.Delivery], withEvidence: true);

    public static IEnumerable<TestFixtureData> Backends() =>
        GuestBackend.All.Select(b => new TestFixtureData(b).SetArgDisplayNames(b.ToString()));

    protected override GuestPlatform Platform() => OtherGuestKernel.Require();

    [OneTimeTearDown]
    public void PublishTable() => report.Publish();

    [Test, Order(0)]
    public void The_guest_negotiates_and_QEMU_sets_on_the_TAP_what_the_versions_rules_imply() =>
        report.Run(GuestNegotiationCatalogue.Cell(backend, () => Guest)).Result.ShouldBeAsDocumented();

    [TestCase(GuestPathDirection.Transmit)]
    [TestCase(GuestPathDirection.Receive)]
    public void Bulk_TCP_crosses_the_path_as_the_negotiated_features_imply(GuestPathDirection direction)
    {
        var scenario = new GuestPathScenario(backend, GuestPathCatalogue.NicSettings[0], direction, IPProtocol.Tcp);
        report.Run(GuestMatrix.Cell(scenario, () => Guest)).Result.ShouldBeAsDocumented();
    }
}
