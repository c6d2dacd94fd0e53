using NUnit.Framework;
using Vnetconf.Conformance.Support;
using Vnetconf.Packets;
using Vnetconf.Scenarios;

namespace Vnetconf.Conformance.Guest;

/// <summary>
/// The other Debian release's guest kernel on every backend: its negotiation and bulk TCP each way with the NIC's
/// offloads on, from the same catalogues as the default kernel's cells (the guest matrix run's third stack) — so a
/// difference between 6.1 and 6.12 shows up as a deviation of one of them, not as an untested kernel.
/// </summary>
[Category("Guest")]
[TestFixtureSource(nameof(Backends))]
public sealed class OtherGuestKernelTests(GuestBackend backend)
{
    private readonly MatrixReport report = new($"Other guest kernel: {backend}",
        [GuestNegotiationCatalogue.NegotiatedOffloads, GuestNegotiationCatalogue.TapHeader, GuestNegotiationCatalogue.TapOffloads,
         FrameAspects.Checksum, FrameAspects.Segmentation, FrameAspects.Delivery], withEvidence: true);

    private GuestMatrixRun run = null!;

    public static IEnumerable<TestFixtureData> Backends() =>
        GuestBackend.All.Select(b => new TestFixtureData(b).SetArgDisplayNames(b.ToString()));

    [OneTimeSetUp]
    public void RunTheGuestMatrix()
    {
        OtherGuestKernel.Require();
        run = GuestMatrixRun.Require();
    }

    [OneTimeTearDown]
    public void PublishTable() => report.Publish();

    [Test]
    public void The_guest_negotiates_and_QEMU_sets_on_the_TAP_what_the_versions_rules_imply() =>
        report.Record(run.Judged(GuestMatrixRun.OtherKernel, GuestNegotiationCatalogue.Cell(backend, MatrixCases.NotBooted).Id)).Result.ShouldBeAsDocumented();

    [TestCase(GuestPathDirection.Transmit)]
    [TestCase(GuestPathDirection.Receive)]
    public void Bulk_TCP_crosses_the_path_as_the_negotiated_features_imply(GuestPathDirection direction)
    {
        var scenario = new GuestPathScenario(backend, GuestPathCatalogue.NicSettings[0], direction, IPProtocol.Tcp);
        report.Record(run.Judged(GuestMatrixRun.OtherKernel, scenario.Id)).Result.ShouldBeAsDocumented();
    }
}
