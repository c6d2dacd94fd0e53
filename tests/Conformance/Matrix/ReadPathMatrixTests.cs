using NUnit.Framework;
using Vnetconf.Conformance.Support;
using Vnetconf.Scenarios;
using Vnetconf.TestSupport;

namespace Vnetconf.Conformance.Matrix;

/// <summary>
/// The read path: the host kernel sends UDP, TCP and UDP_SEGMENT traffic out of a TAP, and the harness reads it as
/// QEMU would. For each cell of {IFF_VNET_HDR on, off} × {offloads} × {traffic} × {IPv4, IPv6}: is there a header,
/// is the checksum partial or complete, are super-frames passed whole or segmented?
/// </summary>
[Category("Host")]
public sealed class ReadPathMatrixTests
{
    private static readonly MatrixReport Report = new("Host read path: what a TAP reader sees",
        [FrameAspects.Header, FrameAspects.Checksum, FrameAspects.Segmentation, FrameAspects.Delivery]);

    public static IEnumerable<TestCaseData> Cells() => MatrixCases.Of(HostMatrix.ReadPath, "Read path: ");

    [OneTimeTearDown]
    public void PublishTable() => Report.Publish();

    [TestCaseSource(nameof(Cells))]
    public void The_TAP_reader_sees_the_documented_header_checksum_and_segmentation(MatrixCell cell)
    {
        Skip.Unless(HostCapabilities.HostLab);
        Report.Run(cell).Result.ShouldBeAsDocumented();
    }
}
