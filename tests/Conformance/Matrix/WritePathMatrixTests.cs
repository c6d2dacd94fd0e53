using NUnit.Framework;
using Vnetconf.Conformance.Support;
using Vnetconf.Scenarios;
using Vnetconf.TestSupport;

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
        [FrameAspects.NicOffloads, FrameAspects.Checksum, FrameAspects.AuxData, FrameAspects.Segmentation, FrameAspects.Delivery, DropAspects.Counter], withEvidence: true);

    public static IEnumerable<TestCaseData> Cells() => MatrixCases.Of(HostMatrix.WritePath, "Write path: ");

    [OneTimeTearDown]
    public void PublishTable() => Report.Publish();

    [TestCaseSource(nameof(Cells))]
    public void The_far_end_sees_and_receives_what_the_NIC_offloads_imply(MatrixCell cell)
    {
        Skip.Unless(HostCapabilities.HostLab);
        Report.Run(cell).Result.ShouldBeAsDocumented();
    }
}
