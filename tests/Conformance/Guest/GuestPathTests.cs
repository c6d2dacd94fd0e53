using NUnit.Framework;
using Vnetconf.Conformance.Support;
using Vnetconf.Packets;
using Vnetconf.Scenarios;

namespace Vnetconf.Conformance.Guest;

/// <summary>
/// Guest TX and RX end to end: bulk TCP and UDP between the guest's sockets and the far end, through QEMU, the TAP,
/// the bridge and the veth "NIC" pair, whose offloads each cell switches without rebooting the guest. One guest per
/// backend serves all its cells (the guest matrix run's batch); each cell's expectation follows from what was
/// negotiated and what the NIC has.
/// </summary>
[Category("Guest")]
[TestFixtureSource(nameof(Backends))]
public sealed class GuestPathTests(GuestBackend backend)
{
    private readonly MatrixReport report = new($"Guest path: {backend}",
        [FrameAspects.NicOffloads, FrameAspects.Checksum, FrameAspects.AuxData, FrameAspects.Segmentation, FrameAspects.Delivery], withEvidence: true);

    private GuestMatrixRun run = null!;

    public static IEnumerable<TestFixtureData> Backends() =>
        GuestBackend.All.Select(b => new TestFixtureData(b).SetArgDisplayNames(b.ToString()));

    /// <summary>The cells every backend runs, named by what they vary; the fixture supplies the backend.</summary>
    public static IEnumerable<TestCaseData> Traffic() =>
        GuestPathCatalogue.Cells(GuestBackend.VnetHeaderModern).Select(s => new TestCaseData(s.Nic, s.Direction, s.Protocol, s.Family, s.Tunnelled)
            .SetArgDisplayNames(MatrixCases.TrafficName(s)));

    [OneTimeSetUp]
    public void RunTheGuestMatrix() => run = GuestMatrixRun.Require();

    [OneTimeTearDown]
    public void PublishTable() => report.Publish();

    /// <summary>
    /// The backend's guest.negotiation entries, in their order: before the traffic cells (which switch the guest's
    /// GRO), on the guest as it booted, then rx-gro-hw off and on again.
    /// </summary>
    [Test]
    public void The_guest_negotiates_and_QEMU_sets_on_the_TAP_what_the_versions_rules_imply()
    {
        var negotiation = new MatrixReport($"Guest negotiation: {backend}", GuestNegotiationCatalogue.Aspects, withEvidence: true);
        var results = GuestNegotiationCatalogue.Cells(backend, MatrixCases.NotBooted)
            .Select(cell => negotiation.Record(run.Judged(GuestMatrixRun.HostQemu, cell.Id)).Result).ToList();
        negotiation.Publish();
        results.ShouldAllBeAsDocumented();
    }

    [TestCaseSource(nameof(Traffic))]
    public void The_far_end_and_the_guest_see_what_the_negotiated_features_and_NIC_offloads_imply(
        NicOptions nic, GuestPathDirection direction, IPProtocol protocol, IpFamily family, bool tunnelled)
    {
        var scenario = new GuestPathScenario(backend, nic, direction, protocol, family, tunnelled);
        report.Record(run.Judged(GuestMatrixRun.HostQemu, scenario.Id)).Result.ShouldBeAsDocumented();
    }
}
