using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Conformance.Support;
using Vnetconf.Guest;

namespace Vnetconf.Conformance.Guest;

/// <summary>
/// Each virtio-net-pci property switched off on its own removes exactly its feature bit from what the guest negotiates
/// with the defaults (hw/net/virtio-net.c: virtio_net_properties, each DEFINE_PROP_BIT64 naming one bit).
/// </summary>
[TestFixtureSource(nameof(Cases))]
public sealed class DevicePropertyTests(string property, VirtioNetDeviceOptions device, VirtioNetFeature bit) : GuestFixture(vnetHeader: true, device)
{
    private static readonly Lazy<VirtioFeatureSet> Defaults = new(() =>
    {
        using var guest = GuestLabAttachments.BootReported(GuestEnvironment.Require().Platform, vnetHeader: true, new VirtioNetDeviceOptions());
        return guest.Agent.VirtioNetFeatures().Features;
    });

    public static IEnumerable<TestFixtureData> Cases()
    {
        TestFixtureData Off(string property, VirtioNetDeviceOptions device, VirtioNetFeature bit) =>
            new TestFixtureData(property, device, bit).SetArgDisplayNames($"{property}=off");
        return
        [
            Off("csum", new() { Csum = false }, VirtioNetFeature.CSUM),
            Off("guest_csum", new() { GuestCsum = false }, VirtioNetFeature.GUEST_CSUM),
            Off("gso", new() { Gso = false }, VirtioNetFeature.GSO),
            Off("guest_tso4", new() { GuestTso4 = false }, VirtioNetFeature.GUEST_TSO4),
            Off("guest_tso6", new() { GuestTso6 = false }, VirtioNetFeature.GUEST_TSO6),
            Off("guest_ecn", new() { GuestEcn = false }, VirtioNetFeature.GUEST_ECN),
            Off("guest_ufo", new() { GuestUfo = false }, VirtioNetFeature.GUEST_UFO),
            Off("host_tso4", new() { HostTso4 = false }, VirtioNetFeature.HOST_TSO4),
            Off("host_tso6", new() { HostTso6 = false }, VirtioNetFeature.HOST_TSO6),
            Off("mrg_rxbuf", new() { MrgRxbuf = false }, VirtioNetFeature.MRG_RXBUF),
        ];
    }

    [Test]
    public void Switching_the_property_off_removes_exactly_its_feature_bit()
    {
        var defaults = Defaults.Value;
        var expected = defaults.Except(VirtioFeatureSet.Of(bit));
        // GSO (bit 6) is a legacy bit the Linux driver never acks: off, it changes nothing the guest negotiates.
        GuestFeatures().Should().Be(expected, "{0}=off should remove {1} only (defaults: {2})", property, bit, defaults);
    }
}
