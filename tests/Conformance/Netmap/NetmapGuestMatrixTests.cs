using NUnit.Framework;
using Vnetconf.Conformance.Support;

namespace Vnetconf.Conformance.Netmap;

/// <summary>
/// netmap in a guest, one case per cell (<see cref="NetmapGuestCells"/>): netmap:eth0 with the emulated (generic) and
/// native adapters for each TAP vnet_hdr setting and device flavour — where a received buffer starts and how long its
/// slot is, what a frame sent through the port looks like on tap0 — REGISTER by admode over the distribution's
/// virtio_net and over netmap's, the host probe's cells in the guest's own namespaces, and the native over generic
/// frame rate. Native cells need netmap's virtio_net.ko among the modules.
/// </summary>
[Category("Netmap")]
public sealed class NetmapGuestMatrixTests
{
    public static IEnumerable<TestCaseData> Cells() =>
        NetmapGuestCells.Listed.Select(c => new TestCaseData(c.Id).SetArgDisplayNames($"{c.Category}: {c.Title}"));

    [TestCaseSource(nameof(Cells))]
    public void The_cell_behaves_as_documented(string id) =>
        NetmapReports.Record(NetmapGuestCells.Listed.Single(c => c.Id == id), NetmapGuestCells.Judged(id)).ShouldBeAsDocumented();
}
