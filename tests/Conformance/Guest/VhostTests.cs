using NUnit.Framework;
using Vnetconf.Conformance.Support;
using Vnetconf.Scenarios;
using Vnetconf.TestSupport;

namespace Vnetconf.Conformance.Guest;

/// <summary>
/// vhost=on: the kernel's vhost-net thread moves the frames between the TAP and the guest's rings instead of QEMU. It
/// speaks the same virtio-net header to the same TAP, so every cell of the guest matrix must look exactly as with QEMU
/// in the middle (the guest matrix run's vhost stack, as `vnetconf run --vhost` runs it).
/// </summary>
[Category("Guest")]
public sealed class VhostTests
{
    private readonly MatrixReport report = new("Guest matrix with vhost=on", null, withEvidence: true);

    private GuestMatrixRun run = null!;

    [OneTimeSetUp]
    public void RunTheGuestMatrix()
    {
        Skip.Unless(GuestLab.Vhost);
        run = GuestMatrixRun.Require();
    }

    [OneTimeTearDown]
    public void PublishTable() => report.Publish();

    [TestCaseSource(typeof(MatrixCases), nameof(MatrixCases.GuestMatrixCells))]
    public void The_cell_behaves_through_vhost_net_as_through_QEMU(string id) =>
        report.Record(run.Judged(GuestMatrixRun.HostQemuVhost, id)).Result.ShouldBeAsDocumented();
}
