using Vnetconf.Guest;

namespace Vnetconf.Scenarios;

/// <summary>
/// The state a guest-path cell's expectations are derived from, read while the cell ran: what the guest negotiated,
/// the guest NIC's receive offloads, and the effective offloads of both ends of the veth "NIC" pair.
/// </summary>
/// <param name="Negotiated">the guest's negotiated virtio-net features</param>
/// <param name="GuestGroHw">eth0's rx-gro-hw: while off, virtio_net withdraws GUEST_TSO4/6 over CTRL_GUEST_OFFLOADS</param>
/// <param name="GuestGro">eth0's rx-gro: the guest's own GRO, which runs before its AF_PACKET taps</param>
/// <param name="Nic">nic0, the NIC's end in the TAP's namespace: its tx offloads shape what the guest sends</param>
/// <param name="Wire">wire0, the far end's port: its tx offloads shape what the far end sends to the guest</param>
public sealed record GuestPathConditions(VirtioFeatureSet Negotiated, bool GuestGroHw, bool GuestGro, NicState Nic, NicState Wire)
{
    public override string ToString() =>
        $"negotiated {Negotiated}; guest eth0 rx-gro-hw {(GuestGroHw ? "on" : "off")}, rx-gro {(GuestGro ? "on" : "off")}; {HostLab.NicName}: {Nic}; {HostLab.WireName}: {Wire}";
}
