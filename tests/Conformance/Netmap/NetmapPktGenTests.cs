using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Conformance.Support;
using Vnetconf.Guest;
using Vnetconf.Model;
using Vnetconf.Scenarios;

namespace Vnetconf.Conformance.Netmap;

/// <summary>
/// netmap's own pkt-gen beside the agent (<see cref="NetmapPktGenProbe"/>): on the netmap RX and TX cells of a vnet_hdr=on
/// guest, generic and native adapter, modern device with and without mrg_rxbuf (the native adapter's 2-byte header
/// cells), pkt-gen of the same build sees what the agent sees. Needs VNETCONF_NETMAP_MODULES and VNETCONF_NETMAP_TOOLS.
/// </summary>
[Category("Netmap")]
[TestFixtureSource(nameof(Cases))]
public sealed class NetmapPktGenTests(NetmapGuestScenario scenario)
{
    public static IEnumerable<TestFixtureData> Cases() =>
        NetmapGuestMatrix.All().Where(s => s.VnetHeader && !s.Device.Legacy).Select(s => new TestFixtureData(s).SetArgDisplayNames(s.Name));

    [OneTimeSetUp]
    public void RequireTools()
    {
        NetmapGuestCells.RequireModules();
        if (NetmapGuestModules.FromEnvironment()!.Tools is null) Assert.Ignore(NetmapTools.NotConfiguredReason);
    }

    [Test]
    public void Pkt_gen_receives_the_injected_frame_as_the_agent_does() =>
        PktGenAspect(NetmapGuestMatrix.ReceiveCells(scenario, MatrixCases.NotBooted).First()).Should().Be(NetmapPktGenProbe.Yes);

    [Test]
    public void A_frame_pkt_gen_sends_reaches_tap0_as_the_agent_s_does() =>
        PktGenAspect(NetmapGuestMatrix.TransmitCells(scenario, MatrixCases.NotBooted).First()).Should().Be(NetmapPktGenProbe.Yes);

    /// <summary>The pkt-gen aspect of what the run judged of <paramref name="cell"/>, the scenario's cross-checked (named-frame) cell.</summary>
    private static string PktGenAspect(MatrixCell cell)
    {
        // Only read: NetmapGuestMatrixTests records the cell in its table.
        var result = NetmapGuestCells.Judged(cell.Id).Result;
        result.Error.Should().BeNull("cell {0} must be observable", result.Id);
        var aspect = result.Aspects.SingleOrDefault(a => a.Name == NetmapPktGenProbe.Agrees);
        aspect.Should().NotBeNull("the guest carries pkt-gen ({0}), so the cell must be cross-checked with it", NetmapTools.PktGenPathInGuest);
        TestContext.Out.WriteLine(string.Join(Environment.NewLine, result.Notes));
        return aspect!.Observed;
    }
}
