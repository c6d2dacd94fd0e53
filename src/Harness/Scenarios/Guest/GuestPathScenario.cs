using Vnetconf.Packets;

namespace Vnetconf.Scenarios;

/// <summary>
/// A cell of the guest-path matrix: bulk traffic of <paramref name="Protocol"/> over <paramref name="Family"/> between
/// a booted guest and the far end, in <paramref name="Direction"/>, with the veth "NIC" pair's offloads <paramref name="Nic"/>;
/// <paramref name="Tunnelled"/> sends it through the lab's VXLAN tunnel (<see cref="VxlanEndpoint"/>) as UDP GSO.
/// </summary>
public sealed record GuestPathScenario(GuestBackend Backend, NicOptions Nic, GuestPathDirection Direction, IPProtocol Protocol, IpFamily Family = IpFamily.IPv4,
    bool Tunnelled = false)
{
    /// <summary>IPv4 ids carry no family (they predate IPv6 cells; results compare across versions by id).</summary>
    public string Id =>
        $"guest.{(Direction == GuestPathDirection.Transmit ? "tx" : "rx")}.{(Tunnelled ? "vxlan-" : "")}{Protocol.ToString().ToLowerInvariant()}{(Family == IpFamily.IPv6 ? "6" : "")}.{Backend.Id}.nic-{(Nic.TxChecksumming ? "on" : "off")}";

    public override string ToString() =>
        $"guest {(Direction == GuestPathDirection.Transmit ? "TX" : "RX")} {(Tunnelled ? "VXLAN " : "")}{Protocol.ToString().ToUpperInvariant()}{(Tunnelled ? " GSO" : "")}/{Family}, {Backend}, nic tx-csum+tso {(Nic.TxChecksumming ? "on" : "off")}";
}
