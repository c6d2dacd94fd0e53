using System.Net;
using System.Net.Sockets;
using Vnetconf.Interop;
using Vnetconf.Interop.Netlink;
using Vnetconf.Packets;

namespace Vnetconf.Links;

/// <summary>
/// Links, addresses and neighbours of one network namespace, over an rtnetlink socket opened inside it.
/// <para>
/// Every request asks for an ACK and waits for it, so a method returns only once the kernel has applied the change,
/// and a refusal becomes a <see cref="SyscallException"/> naming the request (<c>RTM_NEWLINK(bridge br0)</c>), the
/// namespace, the errno and the kernel's extended-ACK text. Every change passes <see cref="NamespaceGuard"/> first.
/// </para>
/// Not thread-safe: one request at a time.
/// </summary>
public sealed class Rtnetlink : IDisposable
{
    private readonly NetlinkSocket socket;

    private Rtnetlink(NetNamespace ns, NetlinkSocket socket)
    {
        Namespace = ns;
        this.socket = socket;
    }

    /// <summary>Opens an rtnetlink socket inside <paramref name="ns"/>; it stays there whichever thread uses it.</summary>
    public static Rtnetlink Open(NetNamespace ns) =>
        new(ns, ns.Run(() => NetlinkSocket.Open(LinuxNetlink.NETLINK_ROUTE, $"rtnetlink in {ns.Name}")));

    /// <summary>The namespace whose links this socket sees and changes.</summary>
    public NetNamespace Namespace { get; }

    /// <summary>Creates a bridge and returns its ifindex.</summary>
    public int CreateBridge(string name)
    {
        // A new link changes the namespace as a whole, not an interface the user may have named: no name passes it.
        NamespaceGuard.EnsureMayModify(Namespace, $"create bridge {name}");
        Request(RtnetlinkRequests.NewBridge(name), $"RTM_NEWLINK(bridge {name})");
        return GetLink(name).Index;
    }

    /// <summary>
    /// Creates a veth pair and returns the ifindex of <paramref name="name"/>. With <paramref name="peerNamespace"/>
    /// the peer is born there (IFLA_NET_NS_FD inside VETH_INFO_PEER) and never exists in this namespace.
    /// </summary>
    public int CreateVeth(string name, string peerName, NetNamespace? peerNamespace = null)
    {
        NamespaceGuard.EnsureMayModify(Namespace, $"create veth {name}");
        if (peerNamespace is not null) NamespaceGuard.EnsureMayModify(peerNamespace, $"create veth peer {peerName}");
        var where = peerNamespace is null ? "" : $" in {peerNamespace.Name}";
        Request(RtnetlinkRequests.NewVeth(name, peerName, peerNamespace?.Handle.Value), $"RTM_NEWLINK(veth {name} peer {peerName}{where})");
        return GetLink(name).Index;
    }

    /// <summary>Creates a VXLAN link (<see cref="RtnetlinkRequests.NewVxlan"/>) and returns its ifindex.</summary>
    public int CreateVxlan(string name, uint vni, IPAddress local, IPAddress remote, ushort port, bool outerChecksum)
    {
        // Named: a guest's agent may create the one link it was permitted (the guest's own namespace), a host never unasked.
        NamespaceGuard.EnsureMayModify(Namespace, $"create vxlan {name}", name);
        Request(RtnetlinkRequests.NewVxlan(name, vni, local, remote, port, outerChecksum),
            $"RTM_NEWLINK(vxlan {name} id {vni} local {local} remote {remote} dstport {port}{(outerChecksum ? "" : " without outer checksums")})");
        return GetLink(name).Index;
    }

    /// <summary>Deletes a link. Deleting one end of a veth deletes the other, in whichever namespace it is.</summary>
    public void DeleteLink(int index)
    {
        GuardLink(index, "delete link");
        Request(RtnetlinkRequests.DeleteLink(index), $"RTM_DELLINK(index {index})");
    }

    /// <summary>Enslaves a link to a bridge (or bond); <paramref name="masterIndex"/> 0 releases it.</summary>
    public void SetMaster(int index, int masterIndex)
    {
        GuardLink(index, masterIndex == 0 ? "release from master" : "enslave");
        Request(RtnetlinkRequests.SetMaster(index, masterIndex), $"RTM_NEWLINK(index {index} master {masterIndex})");
    }

    /// <summary>
    /// Moves a link into <paramref name="target"/>. The kernel closes it on the way (dev_change_net_namespace), so it
    /// arrives down, with its addresses gone: configure it there through an <see cref="Rtnetlink"/> of the target.
    /// </summary>
    public void MoveToNamespace(int index, NetNamespace target)
    {
        GuardLink(index, $"move to {target.Name}");
        NamespaceGuard.EnsureMayModify(target, $"move link {index} of {Namespace.Name} in");
        Request(RtnetlinkRequests.MoveToNamespace(index, target.Handle.Value), $"RTM_NEWLINK(index {index} netns {target.Name})");
    }

    /// <summary>Sets or clears IFF_UP, leaving every other flag as it is.</summary>
    public void SetUp(int index, bool up)
    {
        GuardLink(index, up ? "set up" : "set down");
        Request(RtnetlinkRequests.SetUp(index, up), $"RTM_NEWLINK(index {index} {(up ? "up" : "down")})");
    }

    public void SetMtu(int index, int mtu)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(mtu);
        GuardLink(index, $"set mtu {mtu}");
        Request(RtnetlinkRequests.SetMtu(index, mtu), $"RTM_NEWLINK(index {index} mtu {mtu})");
    }

    public void SetMacAddress(int index, MacAddress mac)
    {
        GuardLink(index, $"set address {mac}");
        Span<byte> bytes = stackalloc byte[MacAddress.Length];
        mac.WriteTo(bytes);
        Request(RtnetlinkRequests.SetMacAddress(index, bytes), $"RTM_NEWLINK(index {index} address {mac})");
    }

    /// <summary>Adds an address; an IPv6 one skips duplicate address detection (IFA_F_NODAD) so it is usable at once.</summary>
    public void AddAddress(int index, IPAddress address, int prefixLength)
    {
        var maximum = address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
        ArgumentOutOfRangeException.ThrowIfNegative(prefixLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(prefixLength, maximum);
        GuardLink(index, $"add address {address}/{prefixLength}");
        Request(RtnetlinkRequests.NewAddress(index, address, prefixLength), $"RTM_NEWADDR({address}/{prefixLength} on index {index})");
    }

    /// <summary>Adds a permanent neighbour entry, so traffic to <paramref name="address"/> needs no ARP or ND.</summary>
    public void AddNeighbour(int index, IPAddress address, MacAddress mac)
    {
        GuardLink(index, $"add neighbour {address} lladdr {mac}");
        Span<byte> bytes = stackalloc byte[MacAddress.Length];
        mac.WriteTo(bytes);
        Request(RtnetlinkRequests.NewNeighbour(index, address, bytes), $"RTM_NEWNEIGH({address} lladdr {mac} on index {index})");
    }

    /// <summary>Looks a link up by name; ENODEV (as a <see cref="SyscallException"/> naming it) when there is none.</summary>
    public LinkInfo GetLink(string name) => GetOne(RtnetlinkRequests.GetLink(name), $"RTM_GETLINK({name})");

    /// <summary>Looks a link up by index; ENODEV (as a <see cref="SyscallException"/> naming it) when there is none.</summary>
    public LinkInfo GetLink(int index) => GetOne(RtnetlinkRequests.GetLink(index), $"RTM_GETLINK(index {index})");

    /// <summary>Every link of the namespace (an RTM_GETLINK dump).</summary>
    public IReadOnlyList<LinkInfo> ListLinks()
    {
        var links = new List<LinkInfo>();
        socket.Request(RtnetlinkRequests.DumpLinks(), "RTM_GETLINK(dump)", Namespace.Name, reply => links.Add(LinkInfo.FromMessage(reply)));
        return links;
    }

    public void Dispose() => socket.Dispose();

    private LinkInfo GetOne(NetlinkMessageWriter request, string call)
    {
        LinkInfo? link = null;
        socket.Request(request, call, Namespace.Name, reply => link = LinkInfo.FromMessage(reply));
        return link ?? throw new InvalidDataException($"{call} in {Namespace.Name} was acknowledged without a reply");
    }

    /// <summary>
    /// The guard for a change to one existing link. Outside a lab namespace the permission is by interface name, so
    /// the name is looked up first (a read); a lab namespace needs no lookup, the guard lets everything in it pass.
    /// </summary>
    private void GuardLink(int index, string operation)
    {
        var name = Namespace.IsLabOwned ? null : GetLink(index).Name;
        NamespaceGuard.EnsureMayModify(Namespace, $"{operation} (index {index})", name);
    }

    private void Request(NetlinkMessageWriter request, string call) => socket.Request(request, call, Namespace.Name);
}
