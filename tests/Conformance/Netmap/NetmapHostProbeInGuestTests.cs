using NUnit.Framework;
using Vnetconf.Conformance.Support;
using Vnetconf.Guest;
using Vnetconf.Scenarios;

namespace Vnetconf.Conformance.Netmap;

/// <summary>
/// The host netmap cells (<see cref="NetmapHostTests"/>) run by the guest agent inside a guest with the user's netmap
/// modules: the same probe code, in namespaces the agent creates in the guest, so the cells are exercised where the host
/// cannot load netmap. The guest's eth0 plays no part.
/// </summary>
public sealed class NetmapHostProbeInGuestTests() : NetmapGuestFixture(vnetHeader: true, new VirtioNetDeviceOptions())
{
    public static IEnumerable<TestCaseData> Cases() =>
        NetmapHostScenario.All.Select(c => new TestCaseData(c).SetName($"In a netmap guest, {c.Title}, as documented").SetProperty("ScenarioId", c.Id));

    [TestCaseSource(nameof(Cases))]
    public void Cell(NetmapHostScenario c) => NetmapReports.HostProbeInGuest.Run(c, probed => NetmapHostProbe.InGuest(Guest.Agent, probed)).ShouldBeAsDocumented();
}
