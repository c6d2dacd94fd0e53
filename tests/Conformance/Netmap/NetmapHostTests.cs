using NUnit.Framework;
using Vnetconf.Conformance.Support;
using Vnetconf.Netmap;
using Vnetconf.Scenarios;
using Vnetconf.TestSupport;

namespace Vnetconf.Conformance.Netmap;

/// <summary>
/// The host netmap cells on this machine's own netmap (<see cref="NetmapHostProbe"/>): the emulated adapter on a veth
/// end and on a TAP, and a VALE port's header API, all in namespaces the probe creates. Without /dev/netmap every
/// case is ignored with the reason and the fix; <see cref="NetmapGuestMatrixTests"/> judges the same cells run in a guest.
/// </summary>
[Category("Netmap")]
public sealed class NetmapHostTests
{
    public static IEnumerable<TestCaseData> Cases() =>
        NetmapHostScenario.All.Select(c => new TestCaseData(c).SetName($"On this host, {c.Title}, as documented").SetProperty("ScenarioId", c.Id));

    [TestCaseSource(nameof(Cases))]
    public void Cell(NetmapHostScenario c)
    {
        Skip.Unless(HostCapabilities.HostLab);
        var netmap = NetmapAvailability.Probe();
        if (!netmap.IsAvailable) Assert.Ignore(netmap.Reason);
        NetmapReports.Host.Run(c, NetmapHostProbe.Observe).ShouldBeAsDocumented();
    }
}
