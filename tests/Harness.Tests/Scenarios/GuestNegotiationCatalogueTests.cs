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
}
