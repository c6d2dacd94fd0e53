using Vnetconf.Conformance.Support;
using Vnetconf.Model;
using Vnetconf.Reporting;
using Vnetconf.Scenarios;

namespace Vnetconf.Conformance.Netmap;

/// <summary>The host netmap cells' two tables, the veth/TAP ports and the VALE header API, for one place they ran.</summary>
public sealed class NetmapHostReport(string place)
{
    private readonly MatrixReport ports = new($"host netmap probe {place}: the emulated adapter on veth and TAP",
        [NetmapAspects.Adapter, NetmapAspects.BufferStart, NetmapAspects.SlotLength, NetmapAspects.Checksum, NetmapAspects.PortHeader,
         NetmapAspects.PeerHeader, NetmapAspects.PeerFrame], withEvidence: true);

    private readonly MatrixReport vale = new($"host netmap probe {place}: VALE port header length",
        [NetmapAspects.FreshPortHeader, .. NetmapHostScenario.ValeHeaderLengths.Select(NetmapAspects.PortHeaderSet), NetmapAspects.UnopenedPortHeaderSet]);

    /// <summary>Runs <paramref name="c"/> with <paramref name="observe"/> and records it in its table.</summary>
    public CellResult Run(NetmapHostScenario c, Func<NetmapHostScenario, Observation> observe) => Record(c, c.Cell(observe).Execute());

    /// <summary>Records what was judged of <paramref name="c"/> in its table.</summary>
    public CellResult Record(NetmapHostScenario c, (CellResult Result, Observation? Observed) judged) =>
        (c.Kind == NetmapHostCellKind.ValePortHeader ? vale : ports).Record(judged).Result;

    public void Publish()
    {
        ports.Publish();
        vale.Publish();
    }
}
