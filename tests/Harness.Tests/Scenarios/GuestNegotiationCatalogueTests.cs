using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Guest;
using Vnetconf.Scenarios;

namespace Vnetconf.Harness.Tests.Scenarios;

/// <summary>The negotiation rules by version, checked against the bit lists hw/net/virtio-net.c and virtio_net.c state.</summary>
public sealed class GuestNegotiationCatalogueTests
{
    private static readonly QemuVersion Qemu72 = QemuVersion.Parse("QEMU emulator version 7.2.22");
    private static readonly QemuVersion Qemu10 = QemuVersion.Parse("QEMU emulator version 10.0.2");
    private static readonly KernelVersion Linux61 = new(6, 1, 0);
    private static readonly KernelVersion Linux612 = new(6, 12, 0);
    private static readonly KernelVersion Linux618 = new(6, 18, 0);

    /// <summary>VIRTIO_NET_F_GUEST_USO4, GUEST_USO6, HOST_USO (include/uapi/linux/virtio_net.h).</summary>
    private static readonly int[] UsoBits = [54, 55, 56];

    [Test]
    public void Without_a_vnet_header_nothing_is_negotiated() =>
        GuestNegotiationCatalogue.ExpectedOffloads(GuestBackend.NoVnetHeader, Qemu10, Linux612, Linux612).Bits.Should().Be(UInt128.Zero);

    [TestCase(7, 6, 12, 6, 12, false, TestName = "QEMU 7.2 offers no USO")]
    [TestCase(10, 6, 1, 6, 12, false, TestName = "a 6.1 host TAP cannot carry USO")]
    [TestCase(10, 6, 12, 6, 1, false, TestName = "a 6.1 guest driver does not know USO")]
    [TestCase(10, 6, 12, 6, 12, true, TestName = "QEMU 10, 6.12 host and guest negotiate USO")]
    public void USO_needs_QEMU_the_host_TAP_and_the_guest_driver(int qemuMajor, int hostMajor, int hostMinor, int guestMajor, int guestMinor, bool uso)
    {
        var qemu = qemuMajor == 7 ? Qemu72 : Qemu10;
        var offloads = GuestNegotiationCatalogue.ExpectedOffloads(GuestBackend.VnetHeaderModern, qemu, new KernelVersion(hostMajor, hostMinor, 0), new KernelVersion(guestMajor, guestMinor, 0));
        GuestNegotiationCatalogue.UsoFeatures.Select(offloads.Has).Should().AllBeEquivalentTo(uso);
        offloads.Has(VirtioNetFeature.HOST_TSO4).Should().BeTrue("TSO has been offered with a vnet header since virtio-net's start");
    }

    [Test]
    public void A_legacy_device_without_mergeable_buffers_gets_the_10_byte_header_and_the_same_offloads()
    {
        var legacy = GuestNegotiationCatalogue.Expect(GuestBackend.VnetHeaderLegacy, Qemu72, Linux612, Linux61);
        var modern = GuestNegotiationCatalogue.Expect(GuestBackend.VnetHeaderModern, Qemu72, Linux612, Linux61);
        legacy[GuestNegotiationCatalogue.TapHeader].Value.Should().Be("10 B");
        modern[GuestNegotiationCatalogue.TapHeader].Value.Should().Be("12 B");
        legacy[GuestNegotiationCatalogue.TapOffloads].Value.Should().Be(modern[GuestNegotiationCatalogue.TapOffloads].Value)
            .And.Be("tx-checksum-ip-generic, tx-tcp-segmentation, tx-tcp6-segmentation, tx-tcp-ecn-segmentation");
    }

    [Test]
    public void A_legacy_device_negotiates_no_bit_above_its_32_bit_feature_register_so_no_USO()
    {
        var legacy = GuestNegotiationCatalogue.ExpectedOffloads(GuestBackend.VnetHeaderLegacy, Qemu10, Linux618, Linux612);
        var modern = GuestNegotiationCatalogue.ExpectedOffloads(GuestBackend.VnetHeaderModern, Qemu10, Linux618, Linux612);
        legacy.BitIndexes().Should().OnlyContain(bit => bit < 32, "the legacy VIRTIO_PCI_HOST_FEATURES/GUEST_FEATURES registers are 32 bits wide");
        legacy.BitIndexes().Should().NotIntersectWith(UsoBits);
        modern.BitIndexes().Should().Contain(UsoBits, "a modern device with QEMU 10, a 6.18 host and a 6.12 guest negotiates USO");
    }

    [Test]
    public void A_legacy_device_leaves_UDP_segmentation_off_on_the_TAP()
    {
        var legacy = GuestNegotiationCatalogue.Expect(GuestBackend.VnetHeaderLegacy, Qemu10, Linux618, Linux612);
        var modern = GuestNegotiationCatalogue.Expect(GuestBackend.VnetHeaderModern, Qemu10, Linux618, Linux612);
        legacy[GuestNegotiationCatalogue.TapOffloads].Value.Should().Be("tx-checksum-ip-generic, tx-tcp-segmentation, tx-tcp6-segmentation, tx-tcp-ecn-segmentation");
        modern[GuestNegotiationCatalogue.TapOffloads].Value.Should().Be("tx-checksum-ip-generic, tx-tcp-segmentation, tx-tcp6-segmentation, tx-tcp-ecn-segmentation, tx-udp-segmentation");
    }
}
