using NUnit.Framework;
using Vnetconf.Conformance.Support;

namespace Vnetconf.Conformance.Container;

/// <summary>
/// The guest matrix on the QEMU of a container image (Debian 13's) instead of the host's: every cell of the host QEMU's
/// stack, from the same batches (the guest matrix run's container stack), so the two QEMUs are compared cell by cell.
/// </summary>
[Category("Container")]
public sealed class ContainerQemuTests
{
    private readonly MatrixReport report = new("Guest matrix on container QEMU", null, withEvidence: true);

    private GuestMatrixRun run = null!;

    [OneTimeSetUp]
    public void RunTheGuestMatrix()
    {
        ContainerGuest.Require();
        run = GuestMatrixRun.Require();
    }

    [OneTimeTearDown]
    public void PublishTable() => report.Publish();

    [TestCaseSource(typeof(MatrixCases), nameof(MatrixCases.GuestMatrixCells))]
    public void The_cell_behaves_as_documented_on_container_QEMU(string id) =>
        report.Record(run.Judged(GuestMatrixRun.ContainerQemu, id)).Result.ShouldBeAsDocumented();
}
