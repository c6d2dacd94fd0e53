using NUnit.Framework;
using Vnetconf.Conformance.Support;
using Vnetconf.Packets;
using Vnetconf.Scenarios;

namespace Vnetconf.Conformance.Guest;

/// <summary>
/// vhost=on: the kernel's vhost-net thread moves the frames between the TAP and the guest's rings instead of QEMU. It
/// speaks the same virtio-net header to the same TAP, so the guest path must look exactly as with QEMU in the middle.
/// </summary>
public sealed class VhostTests() : GuestFixture(GuestBackend.VnetHeaderModern.VnetHeader, GuestBackend.VnetHeaderModern.Device, vhost: true)
{
    private const string VhostDevice = "/dev/vhost-net";

    private readonly MatrixReport report = new("Guest path with vhost=on",
        [FrameAspects.NicOffloads, FrameAspects.Checksum, FrameAspects.AuxData, FrameAspects.Segmentation, FrameAspects.Delivery], withEvidence: true);

    protected override void RequireBackend()
    {
        if (!File.Exists(VhostDevice)) Assert.Ignore("no /dev/vhost-net: modprobe vhost_net");
    }

    [OneTimeTearDown]
    public void PublishTable() => report.Publish();

    [TestCase(GuestPathDirection.Transmit)]
    [TestCase(GuestPathDirection.Receive)]
    public void Bulk_TCP_through_vhost_net_behaves_as_through_QEMU(GuestPathDirection direction)
    {
        var scenario = new GuestPathScenario(GuestBackend.VnetHeaderModern, GuestPathCatalogue.NicSettings[0], direction, IPProtocol.Tcp);
        report.Run(GuestMatrix.Cell(scenario, () => Guest)).Result.ShouldBeAsDocumented();
    }
}
