using Vnetconf.Packets;

namespace Vnetconf.Scenarios;

/// <summary>
/// A cell of the guest-path matrix: bulk traffic of <paramref name="Protocol"/> between a booted guest and the far
/// end, in <paramref name="Direction"/>, with the veth "NIC" pair's offloads <paramref name="Nic"/>.
/// </summary>
public sealed record GuestPathScenario(GuestBackend Backend, NicOptions Nic, GuestPathDirection Direction, IPProtocol Protocol)
{
    public string Id =>
        $"guest.{(Direction == GuestPathDirection.Transmit ? "tx" : "rx")}.{Protocol.ToString().ToLowerInvariant()}.{Backend.Id}.nic-{(Nic.TxChecksumming ? "on" : "off")}";

    public override string ToString() =>
        $"guest {(Direction == GuestPathDirection.Transmit ? "TX" : "RX")} {Protocol.ToString().ToUpperInvariant()}, {Backend}, nic tx-csum+tso {(Nic.TxChecksumming ? "on" : "off")}";
}
