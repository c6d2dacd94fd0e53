using Vnetconf.Links;
using Vnetconf.Packets;

namespace Vnetconf.Scenarios;

/// <summary>
/// The two ends of the lab's VXLAN tunnel, one link named <see cref="Name"/> at each: the stack's, beside the kernel
/// endpoint (the far end on the write path, the TAP's namespace on the read path), and the guest's, over a booted guest's
/// eth0. Each holds its inner address of <see cref="LabAddresses"/> and a permanent neighbour for the other's, so inner
/// traffic needs no ARP or ND.
/// </summary>
public static class VxlanEndpoint
{
    public const string Name = "vx0";

    /// <summary>
    /// Adds this side's link once (a second call finds it and returns): from the side's outer address of
    /// <paramref name="family"/> to the other side's, at <see cref="VxlanHeader.Port"/>, with or without outer UDP
    /// checksums (an IPv6 link takes zero ones either way).
    /// </summary>
    public static void Add(Rtnetlink net, IpFamily family, bool guestSide, bool outerChecksum)
    {
        if (net.ListLinks().Any(link => link.Name == Name)) return;
        var (local, remote) = guestSide ? (LabAddresses.Guest(family), LabAddresses.Stack(family)) : (LabAddresses.Stack(family), LabAddresses.Guest(family));
        var (inner, innerPeer) = guestSide ? (LabAddresses.TunnelGuest(family), LabAddresses.TunnelStack(family)) : (LabAddresses.TunnelStack(family), LabAddresses.TunnelGuest(family));
        var (mac, peerMac) = guestSide ? (LabAddresses.TunnelGuestMac, LabAddresses.TunnelStackMac) : (LabAddresses.TunnelStackMac, LabAddresses.TunnelGuestMac);
        var index = net.CreateVxlan(Name, LabAddresses.TunnelVni, local, remote, VxlanHeader.Port, outerChecksum);
        net.SetMacAddress(index, mac);
        net.SetUp(index, true);
        net.AddAddress(index, inner, LabAddresses.PrefixLength(family));
        net.AddNeighbour(index, innerPeer, peerMac);
        AddressReadiness.Await(net.Namespace, inner);
    }
}
