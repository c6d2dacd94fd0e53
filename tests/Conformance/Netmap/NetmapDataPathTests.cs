using NUnit.Framework;
using Vnetconf.Conformance.Support;
using Vnetconf.Scenarios;

namespace Vnetconf.Conformance.Netmap;

/// <summary>
/// netmap:eth0 in a guest with the emulated (generic) adapter and with netmap's native virtio_net adapter, for each
/// TAP vnet_hdr setting and device flavour (<see cref="NetmapGuestMatrix"/>): where a received buffer starts and how
/// long its slot is, and what a frame sent through the port looks like on tap0. Native cells need netmap's
/// virtio_net.ko among the modules.
/// </summary>
[TestFixtureSource(nameof(Cases))]
public sealed class NetmapDataPathTests(NetmapGuestScenario scenario)
    : NetmapGuestFixture(scenario.VnetHeader, scenario.Device, scenario.NeedsNativeDriver)
{
    public static IEnumerable<TestFixtureData> Cases() =>
        NetmapGuestMatrix.All().Select(s => new TestFixtureData(s).SetArgDisplayNames(s.Name));

    /// <summary>Each size is a cell of its own in the reports; here they are judged together, every deviation named.</summary>
    [Test]
    public void Frames_injected_on_tap0_arrive_in_netmap_slots_as_documented_at_every_size() => Assert.Multiple(() =>
    {
        foreach (var cell in NetmapGuestMatrix.ReceiveCells(scenario, () => Guest))
            NetmapReports.Receive.Run(cell).Result.ShouldBeAsDocumented();
    });

    [Test]
    public void Frames_sent_through_a_netmap_port_reach_tap0_as_documented_at_every_size() => Assert.Multiple(() =>
    {
        foreach (var cell in NetmapGuestMatrix.TransmitCells(scenario, () => Guest))
            NetmapReports.Transmit.Run(cell).Result.ShouldBeAsDocumented();
    });
}
