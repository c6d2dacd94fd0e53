using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Conformance.Support;
using Vnetconf.Scenarios;

namespace Vnetconf.Conformance.Matrix;

/// <summary>
/// The write path: the guest writes NEEDS_CSUM and GSO frames into the TAP; they cross a bridge and a veth
/// "NIC" whose tx-checksumming and TSO are switched on and off. What does the far end's AF_PACKET see (metadata
/// kept, segmented, checksum completed), and what does a real application receive?
/// </summary>
[Category("Host")]
public sealed class WritePathMatrixTests
{
    private static readonly MatrixReport Report = new("Host write path: guest frames through the bridge and the NIC",
        [FrameAspects.Checksum, FrameAspects.AuxData, FrameAspects.Segmentation, FrameAspects.Delivery], withEvidence: true);

    public static IEnumerable<TestCaseData> Cells() =>
        WritePathCatalogue.All().Select(s => new TestCaseData(s).SetName($"Write path: {s}").SetProperty("ScenarioId", s.Id));

    [OneTimeTearDown]
    public void PublishTable() => Report.Publish();

    [TestCaseSource(nameof(Cells))]
    public void The_far_end_sees_and_receives_what_the_NIC_offloads_imply(WritePathScenario scenario)
    {
        Prerequisites.RequireHostLab();
        var observed = WritePathProbe.Observe(scenario);
        var expected = WritePathCatalogue.Expect(scenario, observed.Nic!); // expectations follow the NIC's effective offloads

        var deviations = Report.Record(scenario.ToString(), expected, observed);

        deviations.Should().BeEmpty("scenario {0} should behave as documented; evidence:{1}{2}", scenario.Id, Environment.NewLine, observed.Evidence());
    }
}
