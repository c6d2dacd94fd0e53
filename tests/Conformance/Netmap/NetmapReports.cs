using NUnit.Framework;
using Vnetconf.Conformance.Support;
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
