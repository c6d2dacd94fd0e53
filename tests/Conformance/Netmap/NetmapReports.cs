using NUnit.Framework;
using Vnetconf.Conformance.Support;
using Vnetconf.Model;
using Vnetconf.Reporting;
using Vnetconf.Scenarios;

namespace Vnetconf.Conformance.Netmap;

/// <summary>The netmap matrices, filled by the fixtures of this namespace and printed once all of them ran.</summary>
[SetUpFixture]
public sealed class NetmapReports
{
    public static readonly MatrixReport Receive = new("netmap in a QEMU guest: frames injected on tap0, received on netmap:eth0",
        [NetmapAspects.Adapter, NetmapAspects.BufferStart, NetmapAspects.SlotLength, NetmapAspects.Checksum, NetmapAspects.PortHeader], withEvidence: true);

    public static readonly MatrixReport Transmit = new("netmap in a QEMU guest: frames sent on netmap:eth0, seen on tap0",
        [NetmapAspects.Adapter, NetmapAspects.TapHeader, NetmapAspects.TapFrame], withEvidence: true);

    public static readonly MatrixReport Control = new("netmap in a QEMU guest: REGISTER of netmap:eth0 by admode",
        [NetmapAspects.Register, NetmapAspects.Adapter], withEvidence: true);

    public static readonly MatrixReport Throughput = new("netmap in a QEMU guest: native over generic TX frame rate",
        [NetmapAspects.NativeOverGenericRate], withEvidence: true);

    public static readonly NetmapHostReport Host = new("on this host");

    public static readonly NetmapHostReport HostProbeInGuest = new("in a QEMU guest");

    /// <summary>Records what the guest matrix run judged of <paramref name="cell"/>, a netmap guest cell, in its category's table.</summary>
    public static CellResult Record(MatrixCell cell, (CellResult Result, Observation? Observed) judged) => cell.Category switch
    {
        NetmapGuestMatrix.Receive => Receive.Record(judged).Result,
        NetmapGuestMatrix.Transmit => Transmit.Record(judged).Result,
        NetmapControlCells.Category => Control.Record(judged).Result,
        NetmapThroughput.Category => Throughput.Record(judged).Result,
        NetmapHostScenario.Category => HostProbeInGuest.Record(NetmapHostScenario.All.Single(s => s.Id == cell.Id), judged),
        _ => throw new ArgumentException($"{cell.Id} is no netmap guest cell ({cell.Category})", nameof(cell)),
    };

    [OneTimeTearDown]
    public void PublishTables()
    {
        Receive.Publish();
        Transmit.Publish();
        Control.Publish();
        Throughput.Publish();
        Host.Publish();
        HostProbeInGuest.Publish();
    }
}
