using NUnit.Framework;
using Vnetconf.Conformance.Support;
using Vnetconf.Scenarios;

namespace Vnetconf.Conformance.Guest;

/// <summary>
/// The other Debian release's guest kernel on every backend: its negotiation and bulk TCP each way with the NIC's
/// offloads on (<see cref="GuestMatrixRun.OtherKernelCells"/>), from the same catalogues as the default kernel's cells
/// (the guest matrix run's third stack) — so a difference between 6.1 and 6.12 shows up as a deviation of one of
/// them, not as an untested kernel.
/// </summary>
[Category("Guest")]
public sealed class OtherGuestKernelTests
{
    private readonly MatrixReport report = new("Other guest kernel",
        [GuestNegotiationCatalogue.NegotiatedOffloads, GuestNegotiationCatalogue.TapHeader, GuestNegotiationCatalogue.TapOffloads,
         FrameAspects.Checksum, FrameAspects.Segmentation, FrameAspects.Delivery], withEvidence: true);

    private GuestMatrixRun run = null!;

    public static IEnumerable<TestCaseData> Cells() => MatrixCases.GuestMatrixCellsWhere(GuestMatrixRun.OtherKernelCells.Contains);

    [OneTimeSetUp]
    public void RunTheGuestMatrix()
    {
        OtherGuestKernel.Require();
        run = GuestMatrixRun.Require();
    }

    [OneTimeTearDown]
    public void PublishTable() => report.Publish();

    [TestCaseSource(nameof(Cells))]
    public void The_cell_behaves_as_documented_on_the_other_kernel(string id) =>
        report.Record(run.Judged(GuestMatrixRun.OtherKernel, id)).Result.ShouldBeAsDocumented();
}
