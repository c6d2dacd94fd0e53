using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Netmap;

namespace Vnetconf.Harness.Tests.Netmap;

/// <summary>The ring ranges netmap_interp_ringid (sys/dev/netmap/netmap.c) binds, on a port with 2 NIC and 1 host ring each way.</summary>
public class NetmapBoundRingsTests
{
    [TestCase("netmap:eth0", 0, 2, 0, 2)]
    [TestCase("netmap:eth0^", 2, 3, 2, 3)]
    [TestCase("netmap:eth0^0", 2, 3, 2, 3)]
    [TestCase("netmap:eth0*", 0, 3, 0, 3)]
    [TestCase("netmap:eth0-1", 1, 2, 1, 2)]
    [TestCase("netmap:eth0/R", 0, 0, 0, 2)]
    [TestCase("netmap:eth0/T", 0, 2, 0, 0)]
    [TestCase("netmap:eth0/RT", 0, 0, 0, 0)]
    public void A_mode_binds_the_rings_the_kernel_binds(string name, int firstTx, int endTx, int firstRx, int endRx) =>
        NetmapBoundRings.For(NetmapPortSpec.Parse(name), 2, 2, 1, 1).Should().Be(new NetmapBoundRings(firstTx, endTx, firstRx, endRx));

    [Test]
    public void One_ring_beyond_a_directions_count_falls_back_to_ring_0_in_that_direction_only() =>
        NetmapBoundRings.For(NetmapPortSpec.Parse("netmap:eth0-2"), 3, 1, 1, 1).Should().Be(new NetmapBoundRings(2, 3, 0, 1));
}
