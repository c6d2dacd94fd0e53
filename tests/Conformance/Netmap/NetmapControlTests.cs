using NUnit.Framework;
using Vnetconf.Conformance.Support;
using Vnetconf.Guest;
using Vnetconf.Scenarios;

namespace Vnetconf.Conformance.Netmap;

/// <summary>
/// netmap's control plane in a guest (<see cref="NetmapControlCells"/>): REGISTER by admode over the distribution's
/// virtio_net — in a guest booted without netmap's driver even when the modules have one — and over netmap's.
/// The VALE port-header requests are the host probe's VALE cell (<see cref="NetmapHostProbeInGuestTests"/>).
/// </summary>
public sealed class NetmapControlTests() : NetmapGuestFixture(vnetHeader: true, new VirtioNetDeviceOptions(), stockDriver: true)
{
    public static IEnumerable<TestCaseData> Cases() =>
        NetmapControlCells.OverStockDriver(() => throw new InvalidOperationException("listed only"))
            .Select(c => new TestCaseData(c.Id).SetName($"{c.Title}, as documented").SetProperty("ScenarioId", c.Id));

    [TestCaseSource(nameof(Cases))]
    public void Cell(string id) =>
        NetmapReports.Control.Run(NetmapControlCells.OverStockDriver(() => Guest).Single(c => c.Id == id)).Result.ShouldBeAsDocumented();
}

/// <summary>REGISTER in best mode over netmap's virtio_net (<see cref="NetmapControlCells.BestOverNetmapDriver"/>).</summary>
public sealed class NetmapNativeControlTests() : NetmapGuestFixture(vnetHeader: true, new VirtioNetDeviceOptions(), needsNativeDriver: true)
{
    [Test]
    public void Best_mode_with_netmaps_virtio_net_picks_the_native_adapter_as_documented() =>
        NetmapReports.Control.Run(NetmapControlCells.BestOverNetmapDriver(() => Guest)).Result.ShouldBeAsDocumented();
}
