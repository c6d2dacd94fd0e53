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

    /// <summary>The properties in QEMU's spelling, in a fixed order, only those that are set.</summary>
    public IEnumerable<(string Name, string Value)> Properties()
    {
        (string, bool?)[] switches =
        [
            ("csum", Csum), ("guest_csum", GuestCsum), ("gso", Gso), ("guest_tso4", GuestTso4), ("guest_tso6", GuestTso6),
            ("guest_ecn", GuestEcn), ("guest_ufo", GuestUfo), ("host_tso4", HostTso4), ("host_tso6", HostTso6),
            ("host_ecn", HostEcn), ("host_ufo", HostUfo), ("mrg_rxbuf", MrgRxbuf),
        ];
        foreach (var (name, value) in switches)
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
