using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Guest;
using Vnetconf.Model;
using Vnetconf.Scenarios;

namespace Vnetconf.Harness.Tests.Scenarios;

/// <summary>The device variants: one per virtio-net-pci switch, each told apart, each judged by the bit QEMU's property names.</summary>
public sealed class GuestDeviceCatalogueTests
{
    private static readonly QemuVersion Qemu72 = QemuVersion.Parse("QEMU emulator version 7.2.22");
    private static readonly KernelVersion Linux61 = new(6, 1, 0);
    private static readonly KernelVersion Linux618 = new(6, 18, 0);

    /// <summary>Every on/off property the options type has, found by reflection rather than from the type's own table.</summary>
    private static IEnumerable<string> Switches() =>
        typeof(VirtioNetDeviceOptions).GetProperties().Where(p => p.PropertyType == typeof(bool?)).Select(p => p.Name);

    [TestCaseSource(nameof(Switches))]
    public void Every_switch_has_a_variant_that_turns_it_off_alone(string property)
    {
        var turningItOff = GuestDeviceCatalogue.SideNics.Where(n =>
            typeof(VirtioNetDeviceOptions).GetProperty(property)!.GetValue(n.Device) is false
            && Switches().Where(other => other != property).All(other => typeof(VirtioNetDeviceOptions).GetProperty(other)!.GetValue(n.Device) is null)
            && !n.Device.Legacy);
        turningItOff.Should().ContainSingle();
    }

    [Test]
    public void The_side_NICs_have_their_own_MACs_and_TAP_names_that_fit_IFNAMSIZ()
    {
        var nics = GuestDeviceCatalogue.SideNics;
        nics.Select(n => n.Device.Mac).Append(VirtioNetDeviceOptions.DefaultMac).Should().OnlyHaveUniqueItems();
        nics.Select(n => n.TapName).Should().OnlyHaveUniqueItems().And.OnlyContain(name => name.Length <= 15);
    }

    /// <summary>The bit numbers are include/uapi/linux/virtio_net.h's, written out here.</summary>
    [TestCase("guest_tso4", 7)]
    [TestCase("host_tso6", 12)]
    [TestCase("csum", 0)]
    public void A_property_switched_off_removes_its_bit_from_the_expected_offloads_and_nothing_else(string property, int bit)
    {
        var nic = GuestDeviceCatalogue.SideNics.Single(n => n.Device.ToString() == $"{property}=off");
        var defaults = GuestNegotiationCatalogue.ExpectedOffloads(GuestBackend.VnetHeaderModern, Qemu72, Linux618, Linux61);
        var variant = GuestNegotiationCatalogue.ExpectedOffloads(vnetHeader: true, nic.Device, Qemu72, Linux618, Linux61);
        defaults.BitIndexes().Except(variant.BitIndexes()).Should().Equal(bit);
        variant.BitIndexes().Except(defaults.BitIndexes()).Should().BeEmpty();
    }

    [Test]
    public void Gso_off_changes_nothing_the_guest_negotiates_as_the_driver_never_acks_GSO()
    {
        var nic = GuestDeviceCatalogue.SideNics.Single(n => n.Device.ToString() == "gso=off");
        var expected = GuestNegotiationCatalogue.Expect(vnetHeader: true, nic.Device, Qemu72, Linux618, Linux61);
        var defaults = GuestNegotiationCatalogue.Expect(GuestBackend.VnetHeaderModern, Qemu72, Linux618, Linux61);
        expected[GuestNegotiationCatalogue.NegotiatedOffloads].Value.Should().Be(defaults[GuestNegotiationCatalogue.NegotiatedOffloads].Value);
    }

    [Test]
    public void Without_GUEST_CSUM_QEMU_sets_no_TAP_offload_and_a_legacy_device_with_mergeable_buffers_has_the_12_byte_header()
    {
        var noGuestCsum = GuestDeviceCatalogue.SideNics.Single(n => n.Device.ToString() == "guest_csum=off");
        GuestNegotiationCatalogue.Expect(vnetHeader: true, noGuestCsum.Device, Qemu72, Linux618, Linux61)[GuestNegotiationCatalogue.TapOffloads].Value
            .Should().Be("none", "tap_fd_set_offload sets no TUN_F_ flag without TUN_F_CSUM");
        var legacy = GuestDeviceCatalogue.SideNics.Single(n => n.Device.Legacy);
        var expected = GuestNegotiationCatalogue.Expect(vnetHeader: true, legacy.Device, Qemu72, Linux618, Linux61);
        expected[GuestNegotiationCatalogue.TapHeader].Value.Should().Be("12 B");
        expected[GuestNegotiationCatalogue.DeviceLayout].Value.Should().Be("legacy, MRG_RXBUF");
    }
}
