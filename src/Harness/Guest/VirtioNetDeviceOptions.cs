namespace Vnetconf.Guest;

/// <summary>
/// QEMU virtio-net-pci properties (hw/net/virtio-net.c virtio_net_properties). A null property is left out of the
/// command line, so QEMU's own default (on, for every offload) applies and the test sees what users get.
/// </summary>
public sealed record VirtioNetDeviceOptions
{
    /// <summary>Locally administered, so it can never collide with a real NIC's.</summary>
    public const string DefaultMac = "02:76:6e:63:00:01";

    public bool? Csum { get; init; }
    public bool? GuestCsum { get; init; }
    public bool? Gso { get; init; }
    public bool? GuestTso4 { get; init; }
    public bool? GuestTso6 { get; init; }
    public bool? GuestEcn { get; init; }
    public bool? GuestUfo { get; init; }
    public bool? HostTso4 { get; init; }
    public bool? HostTso6 { get; init; }
    public bool? HostEcn { get; init; }
    public bool? HostUfo { get; init; }
    public bool? MrgRxbuf { get; init; }

    /// <summary>A legacy (virtio 0.9) device: disable-modern=on, disable-legacy=off; its header is 10 bytes without mrg_rxbuf.</summary>
    public bool Legacy { get; init; }

    public string Mac { get; init; } = DefaultMac;

    /// <summary>
    /// Each on/off property in QEMU's spelling with the feature bit it switches (hw/net/virtio-net.c:
    /// virtio_net_properties, each a DEFINE_PROP_BIT64 of host_features), in a fixed order.
    /// </summary>
    private IEnumerable<(string Name, bool? Value, VirtioNetFeature Bit)> Switches() =>
    [
        ("csum", Csum, VirtioNetFeature.CSUM), ("guest_csum", GuestCsum, VirtioNetFeature.GUEST_CSUM), ("gso", Gso, VirtioNetFeature.GSO),
        ("guest_tso4", GuestTso4, VirtioNetFeature.GUEST_TSO4), ("guest_tso6", GuestTso6, VirtioNetFeature.GUEST_TSO6),
        ("guest_ecn", GuestEcn, VirtioNetFeature.GUEST_ECN), ("guest_ufo", GuestUfo, VirtioNetFeature.GUEST_UFO),
        ("host_tso4", HostTso4, VirtioNetFeature.HOST_TSO4), ("host_tso6", HostTso6, VirtioNetFeature.HOST_TSO6),
        ("host_ecn", HostEcn, VirtioNetFeature.HOST_ECN), ("host_ufo", HostUfo, VirtioNetFeature.HOST_UFO),
        ("mrg_rxbuf", MrgRxbuf, VirtioNetFeature.MRG_RXBUF),
    ];

    /// <summary>The feature bits a property switched off keeps QEMU from offering; every property left at its default offers its bit.</summary>
    public IReadOnlyList<VirtioNetFeature> SwitchedOff => [.. Switches().Where(s => s.Value == false).Select(s => s.Bit)];

    /// <summary>The properties in QEMU's spelling, in a fixed order, only those that are set.</summary>
    public IEnumerable<(string Name, string Value)> Properties()
    {
        foreach (var (name, value, _) in Switches())
            if (value is { } on) yield return (name, on ? "on" : "off");
        if (Legacy)
        {
            yield return ("disable-modern", "on");
            yield return ("disable-legacy", "off");
        }
        yield return ("mac", Mac);
    }

    public override string ToString()
    {
        var set = Properties().Where(p => p.Name != "mac").Select(p => $"{p.Name}={p.Value}").ToList();
        return set.Count == 0 ? "virtio-net-pci defaults" : string.Join(",", set);
    }
}
