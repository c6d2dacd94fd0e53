using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Guest;
using Vnetconf.Links;
using Vnetconf.Model;
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

    // The UDP-tunnel GSO bits (include/uapi/linux/virtio_net.h: VIRTIO_NET_F_GUEST_UDP_TUNNEL_GSO 65, _GUEST_UDP_TUNNEL_GSO_CSUM 66,
    // _HOST_UDP_TUNNEL_GSO 67, _HOST_UDP_TUNNEL_GSO_CSUM 68). QEMU offers them by default from 10.2 (hw_compat_10_1 turns them off
    // for older machine types) when its TAP accepts TUN_F_UDP_TUNNEL_GSO (tun, Linux 6.17: 288f30435132), the guest's virtio_net
    // knows them from 6.17 (56a06bd40fab), and only a modern device's feature registers reach bits above 31.

    private static readonly int[] UdpTunnelBits = [65, 66, 67, 68];
    private static readonly QemuVersion Qemu101 = QemuVersion.Parse("QEMU emulator version 10.1.5");
    private static readonly QemuVersion Qemu102 = QemuVersion.Parse("QEMU emulator version 10.2.0");
    private static readonly QemuVersion Qemu11 = QemuVersion.Parse("QEMU emulator version 11.1.3 (Debian 1:11.1.3+ds-1)");
    private static readonly QemuVersion Qemu100 = QemuVersion.Parse("QEMU emulator version 10.0.13 (Debian 1:10.0.13+ds-0+deb13u1)");
    private static readonly KernelVersion Linux617 = new(6, 17, 0);
    private static readonly KernelVersion Linux72 = new(7, 2, 13);

    private static VirtioFeatureSet Modern(QemuVersion qemu, KernelVersion host, KernelVersion guest) =>
        GuestNegotiationCatalogue.ExpectedOffloads(GuestBackend.VnetHeaderModern, qemu, host, guest);

    [TestCase("10.1.5", "10.2.0", TestName = "UDP tunnel bits: QEMU 10.1 offers none, 10.2 all four")]
    [TestCase("10.0.13", "11.1.3", TestName = "UDP tunnel bits: QEMU 10.0 offers none, 11.1 all four")]
    public void UDP_tunnel_bits_need_QEMU_10_2(string without, string with)
    {
        Modern(QemuVersion.Parse($"QEMU emulator version {without}"), Linux618, Linux72).BitIndexes().Should().NotIntersectWith(UdpTunnelBits);
        Modern(QemuVersion.Parse($"QEMU emulator version {with}"), Linux618, Linux72).BitIndexes().Should().Contain(UdpTunnelBits);
    }

    [Test]
    public void UDP_tunnel_bits_need_a_6_17_host_whose_TAP_accepts_TUN_F_UDP_TUNNEL_GSO()
    {
        Modern(Qemu11, Linux612, Linux72).BitIndexes().Should().NotIntersectWith(UdpTunnelBits, "QEMU's tunnel probe of a 6.12 TAP fails");
        Modern(Qemu11, Linux617, Linux72).BitIndexes().Should().Contain(UdpTunnelBits);
        Modern(Qemu11, Linux612, Linux72).BitIndexes().Should().Contain(UsoBits, "the 6.12 host still carries USO");
    }

    [Test]
    public void UDP_tunnel_bits_need_a_6_17_guest_driver()
    {
        Modern(Qemu11, Linux618, Linux612).BitIndexes().Should().NotIntersectWith(UdpTunnelBits, "a 6.12 virtio_net does not know them");
        Modern(Qemu11, Linux618, Linux617).BitIndexes().Should().Contain(UdpTunnelBits);
    }

    [Test]
    public void A_legacy_device_never_negotiates_the_UDP_tunnel_bits_and_keeps_the_10_byte_header()
    {
        var legacy = GuestNegotiationCatalogue.Expect(GuestBackend.VnetHeaderLegacy, Qemu11, Linux618, Linux72);
        var modern = GuestNegotiationCatalogue.Expect(GuestBackend.VnetHeaderModern, Qemu11, Linux618, Linux72);
        GuestNegotiationCatalogue.ExpectedOffloads(GuestBackend.VnetHeaderLegacy, Qemu11, Linux618, Linux72).BitIndexes().Should().NotIntersectWith(UdpTunnelBits);
        legacy[GuestNegotiationCatalogue.TapHeader].Value.Should().Be("10 B");
        legacy[GuestNegotiationCatalogue.TapOffloads].Value.Should().NotContain("udp_tnl");
        modern[GuestNegotiationCatalogue.TapHeader].Value.Should().Be("24 B");
    }

    [Test]
    public void A_6_17_guest_turns_on_the_UDP_and_tunnel_segmentation_it_negotiated_where_an_older_one_only_offers_USO()
    {
        // Observed on QEMU 11.1.3: a 7.2 or 7.3 guest's eth0 has them on, a 6.12 guest's has tx-udp-segmentation off.
        GuestNegotiationCatalogue.Expect(GuestBackend.VnetHeaderModern, Qemu11, Linux618, Linux72)[GuestNegotiationCatalogue.GuestNicOffloads].Value
            .Should().Be("tx-checksum-ip-generic, tx-tcp-segmentation, tx-tcp-ecn-segmentation, tx-tcp6-segmentation, tx-udp-segmentation, tx-udp_tnl-segmentation, tx-udp_tnl-csum-segmentation");
        GuestNegotiationCatalogue.Expect(GuestBackend.VnetHeaderModern, Qemu11, Linux618, Linux612)[GuestNegotiationCatalogue.GuestNicOffloads].Value
            .Should().Be("tx-checksum-ip-generic, tx-tcp-segmentation, tx-tcp-ecn-segmentation, tx-tcp6-segmentation");
    }

    [Test]
    public void The_TAP_header_is_24_bytes_exactly_when_the_UDP_tunnel_bits_are_negotiated()
    {
        GuestNegotiationCatalogue.Expect(GuestBackend.VnetHeaderModern, Qemu102, Linux617, Linux617)[GuestNegotiationCatalogue.TapHeader].Value.Should().Be("24 B");
        GuestNegotiationCatalogue.Expect(GuestBackend.VnetHeaderModern, Qemu101, Linux618, Linux72)[GuestNegotiationCatalogue.TapHeader].Value.Should().Be("12 B");
        GuestNegotiationCatalogue.Expect(GuestBackend.VnetHeaderModern, Qemu11, Linux612, Linux72)[GuestNegotiationCatalogue.TapHeader].Value.Should().Be("12 B");
        GuestNegotiationCatalogue.Expect(GuestBackend.VnetHeaderModern, Qemu11, Linux618, Linux612)[GuestNegotiationCatalogue.TapHeader].Value.Should().Be("12 B");
    }

    [Test]
    public void The_TAP_gets_UDP_tunnel_segmentation_when_the_guest_negotiates_GUEST_UDP_TUNNEL_GSO_and_its_CSUM()
    {
        GuestNegotiationCatalogue.Expect(GuestBackend.VnetHeaderModern, Qemu11, Linux618, Linux72)[GuestNegotiationCatalogue.TapOffloads].Value.Should().Be(
            "tx-checksum-ip-generic, tx-tcp-segmentation, tx-tcp6-segmentation, tx-tcp-ecn-segmentation, tx-udp-segmentation, tx-udp_tnl-segmentation, tx-udp_tnl-csum-segmentation");
        GuestNegotiationCatalogue.Expect(GuestBackend.VnetHeaderModern, Qemu100, Linux618, Linux72)[GuestNegotiationCatalogue.TapOffloads].Value.Should().Be(
            "tx-checksum-ip-generic, tx-tcp-segmentation, tx-tcp6-segmentation, tx-tcp-ecn-segmentation, tx-udp-segmentation");
    }

    [Test]
    public void The_negotiated_offloads_aspect_names_the_UDP_tunnel_bits()
    {
        GuestNegotiationCatalogue.Expect(GuestBackend.VnetHeaderModern, Qemu11, Linux618, Linux72)[GuestNegotiationCatalogue.NegotiatedOffloads].Value.Should().EndWith(
            "GUEST_USO4 GUEST_USO6 HOST_USO GUEST_UDP_TUNNEL_GSO GUEST_UDP_TUNNEL_GSO_CSUM HOST_UDP_TUNNEL_GSO HOST_UDP_TUNNEL_GSO_CSUM");
    }

    [Test]
    public void The_UDP_tunnel_expectations_say_the_versions_they_hold_for()
    {
        var with = GuestNegotiationCatalogue.Expect(GuestBackend.VnetHeaderModern, Qemu11, Linux618, Linux72);
        var without = GuestNegotiationCatalogue.Expect(GuestBackend.VnetHeaderModern, Qemu100, Linux618, Linux72);
        with[GuestNegotiationCatalogue.TapHeader].HoldsFor.Should().Contain("QEMU ≥ 10.2").And.Contain("Linux ≥ 6.17");
        without[GuestNegotiationCatalogue.TapHeader].HoldsFor.Should().Contain("QEMU < 10.2");
        with[GuestNegotiationCatalogue.NegotiatedOffloads].Source.Should().Contain("peer_has_tunnel");
        with[GuestNegotiationCatalogue.TapOffloads].Source.Should().Contain("set_offload");
    }

    [Test]
    public void The_TAP_offloads_observed_include_the_UDP_tunnel_features_tun_sets() =>
        TapOffloadFeatures.All.Should().ContainInOrder(TapOffloadFeatures.Uso, "tx-udp_tnl-segmentation", "tx-udp_tnl-csum-segmentation");

    [Test]
    public void The_guest_NIC_segments_TCP_with_CSUM_but_only_offers_UDP_segmentation_and_offers_nothing_without_a_vnet_header()
    {
        GuestNegotiationCatalogue.Expect(GuestBackend.VnetHeaderModern, Qemu10, Linux618, Linux612)[GuestNegotiationCatalogue.GuestNicOffloads].Value
            .Should().Be("tx-checksum-ip-generic, tx-tcp-segmentation, tx-tcp-ecn-segmentation, tx-tcp6-segmentation", "HOST_USO puts NETIF_F_GSO_UDP_L4 in hw_features only");
        GuestNegotiationCatalogue.Expect(GuestBackend.NoVnetHeader, Qemu10, Linux618, Linux612)[GuestNegotiationCatalogue.GuestNicOffloads].Value.Should().Be("none");
        GuestNegotiationCatalogue.Expect(vnetHeader: true, new VirtioNetDeviceOptions { Csum = false }, Qemu10, Linux618, Linux612)[GuestNegotiationCatalogue.GuestNicOffloads].Value
            .Should().Be("none", "virtnet_probe sets no transmit offload without VIRTIO_NET_F_CSUM");
    }

    [Test]
    public void Rx_gro_hw_off_leaves_the_TAP_with_the_checksum_alone_and_on_again_restores_what_was_negotiated()
    {
        var e = GuestNegotiationCatalogue.ExpectGroHwOffAndOn(GuestBackend.VnetHeaderModern, Qemu10, Linux618, Linux612);
        e[GuestNegotiationCatalogue.TapOffloadsGroHwOff].Value.Should().Be("tx-checksum-ip-generic", "USO4/USO6 are in GUEST_OFFLOAD_GRO_HW_MASK since 6.2 too");
        e[GuestNegotiationCatalogue.TapOffloadsGroHwOnAgain].Value
            .Should().Be(GuestNegotiationCatalogue.Expect(GuestBackend.VnetHeaderModern, Qemu10, Linux618, Linux612)[GuestNegotiationCatalogue.TapOffloads].Value);
    }
}
