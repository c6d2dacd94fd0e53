using Vnetconf.Guest;
using Vnetconf.Model;

namespace Vnetconf.Scenarios;

/// <summary>
/// guest.device: what one virtio-net-pci property set away from QEMU's default changes. Each property switched off on
/// its own removes exactly its feature bit from what the guest negotiates (hw/net/virtio-net.c: virtio_net_properties,
/// each a DEFINE_PROP_BIT64), and QEMU sets the TAP's header size and offloads to match what was negotiated; a legacy
/// device with mergeable buffers takes the 12-byte header. Every variant is a side NIC of one guest
/// (<see cref="SideNic"/>), negotiated on its own, so all of them cost one boot; each is judged by
/// <see cref="GuestNegotiationCatalogue"/>'s rules, as the default devices are.
/// </summary>
public static class GuestDeviceCatalogue
{
    public const string Category = "guest.device";

    /// <summary>Each variant's stable id suffix, what it is in words, and its properties.</summary>
    private static readonly (string Key, string Title, VirtioNetDeviceOptions Device)[] Variants =
    [
        Off("csum", new() { Csum = false }),
        Off("guest_csum", new() { GuestCsum = false }),
        Off("gso", new() { Gso = false }),
        Off("guest_tso4", new() { GuestTso4 = false }),
        Off("guest_tso6", new() { GuestTso6 = false }),
        Off("guest_ecn", new() { GuestEcn = false }),
        Off("guest_ufo", new() { GuestUfo = false }),
        Off("host_tso4", new() { HostTso4 = false }),
        Off("host_tso6", new() { HostTso6 = false }),
        Off("host_ecn", new() { HostEcn = false }),
        Off("host_ufo", new() { HostUfo = false }),
        Off("mrg_rxbuf", new() { MrgRxbuf = false }),
        ("legacy-mrg-rxbuf-on", "guest device legacy (disable-modern=on), mrg_rxbuf on", new() { Legacy = true }),
    ];

    /// <summary>The guest's NICs beside the lab's, one per variant, each on its own TAP and told apart in the guest by its MAC.</summary>
    public static IReadOnlyList<SideNic> SideNics { get; } =
        [.. Variants.Select((v, i) => new SideNic($"side{i}", v.Device with { Mac = $"02:76:6e:63:01:{i:x2}" }))];

    /// <summary>The guest that carries them: the default modern device on the lab's TAP with IFF_VNET_HDR, plus <see cref="SideNics"/>.</summary>
    public static GuestBoot Boot { get; } = new("device variants", GuestBackend.VnetHeaderModern, SideNics);

    public static IEnumerable<MatrixCell> Cells(Func<ILabGuest> guest) =>
        Variants.Zip(SideNics, (variant, nic) => new MatrixCell($"{Category}.{variant.Key}", Category, variant.Title, () =>
        {
            var booted = guest();
            return (GuestNegotiationCatalogue.Expect(vnetHeader: true, nic.Device, booted.Qemu, KernelVersion.Running, booted.GuestKernel),
                GuestNegotiationCatalogue.Observe(booted, nic.TapName, nic.Device.Mac));
        }));

    private static (string Key, string Title, VirtioNetDeviceOptions Device) Off(string property, VirtioNetDeviceOptions device) =>
        ($"{property.Replace('_', '-')}-off", $"guest device {property}=off", device);
}
