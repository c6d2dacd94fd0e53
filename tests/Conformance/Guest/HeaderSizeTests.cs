using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Guest;
using Vnetconf.Packets;

namespace Vnetconf.Conformance.Guest;

/// <summary>
/// The header size QEMU sets on the TAP (TUNSETVNETHDRSZ), read back through the harness's own handle of the TAP:
/// 12 bytes when VERSION_1 or MRG_RXBUF is negotiated, 10 only for a legacy device without mergeable buffers
/// (hw/net/virtio-net.c: virtio_net_set_mrg_rx_bufs).
/// </summary>
[TestFixtureSource(nameof(Cases))]
public sealed class HeaderSizeTests(string name, VirtioNetDeviceOptions device, int expectedSize, bool version1) : GuestFixture(vnetHeader: true, device)
{
    public static IEnumerable<TestFixtureData> Cases() =>
    [
        new TestFixtureData("legacy without mrg_rxbuf", new VirtioNetDeviceOptions { Legacy = true, MrgRxbuf = false }, VirtioNetHeader.LegacySize, false)
            .SetArgDisplayNames("legacy, mrg_rxbuf=off"),
        new TestFixtureData("legacy with mrg_rxbuf", new VirtioNetDeviceOptions { Legacy = true }, VirtioNetHeader.MergeableSize, false)
            .SetArgDisplayNames("legacy, mrg_rxbuf=on"),
        new TestFixtureData("modern without mrg_rxbuf", new VirtioNetDeviceOptions { MrgRxbuf = false }, VirtioNetHeader.MergeableSize, true)
            .SetArgDisplayNames("modern, mrg_rxbuf=off"),
    ];

    [Test]
    public void QEMU_sets_the_TAP_header_size_the_negotiated_features_call_for()
    {
        Guest.Lab.Tap.VnetHeaderSize.Should().Be(expectedSize, "{0}: negotiated {1}", name, GuestFeatures());
    }

    [Test]
    public void The_device_negotiates_VERSION_1_only_when_modern()
    {
        GuestFeatures().Has(VirtioNetFeature.VERSION_1).Should().Be(version1, name);
    }
}
