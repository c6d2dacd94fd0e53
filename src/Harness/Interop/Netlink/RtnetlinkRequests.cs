using System.Net;
using System.Net.Sockets;
using static Tmds.Linux.LibC;
using static Vnetconf.Interop.Netlink.LinuxIfAddr;
using static Vnetconf.Interop.Netlink.LinuxIfLink;
using static Vnetconf.Interop.Netlink.LinuxNeighbour;
using static Vnetconf.Interop.Netlink.LinuxNetlink;
using static Vnetconf.Interop.Netlink.LinuxRtnetlink;
using static Vnetconf.Interop.Netlink.LinuxVeth;
using static Vnetconf.Interop.Netlink.LinuxVxlan;

namespace Vnetconf.Interop.Netlink;

/// <summary>
/// The rtnetlink requests the harness sends, as pure functions from arguments to bytes, so each can be compared with
/// what <c>ip</c> sends for the same change (tests/Harness.Tests/Netlink). Sequence numbers are left 0 for the socket.
/// </summary>
public static class RtnetlinkRequests
{
    private const ushort Create = NLM_F_REQUEST | NLM_F_ACK | NLM_F_EXCL | NLM_F_CREATE;
    private const ushort Change = NLM_F_REQUEST | NLM_F_ACK;

    public static NetlinkMessageWriter NewBridge(string name)
    {
        var request = new NetlinkMessageWriter(RTM_NEWLINK, Create);
        request.Append(new ifinfomsg());
        request.PutString(IFLA_IFNAME, name);
        using (request.BeginNested(IFLA_LINKINFO))
        {
            PutKind(request, "bridge"u8);
        }
        return request;
    }

    /// <param name="peerNamespaceFd">an fd of the namespace the peer is created in (IFLA_NET_NS_FD), or null for the same one</param>
    public static NetlinkMessageWriter NewVeth(string name, string peerName, int? peerNamespaceFd)
    {
        var request = new NetlinkMessageWriter(RTM_NEWLINK, Create);
        request.Append(new ifinfomsg());
        request.PutString(IFLA_IFNAME, name);
        using (request.BeginNested(IFLA_LINKINFO))
        {
            PutKind(request, "veth"u8);
            using (request.BeginNested(IFLA_INFO_DATA))
            using (request.BeginNested(VETH_INFO_PEER))
            {
                // The peer is described like a link of its own: an ifinfomsg, then its attributes (veth_newlink).
                request.Append(new ifinfomsg());
                if (peerNamespaceFd is { } fd) request.PutUInt32(IFLA_NET_NS_FD, checked((uint)fd));
                request.PutString(IFLA_IFNAME, peerName);
            }
        }
        return request;
    }

    /// <summary>
    /// A VXLAN link from <paramref name="local"/> to <paramref name="remote"/> at <paramref name="port"/>; with
    /// <paramref name="outerChecksum"/> its datagrams carry a UDP checksum, without it a zero one (over IPv6 too, which RFC
    /// 6935 lets a tunnel ask), and an IPv6 link takes zero checksums. Attributes in the order <c>ip link add NAME type vxlan
    /// id VNI local ADDR remote ADDR dstport PORT</c> sends them with <c>udpcsum</c>/<c>noudpcsum</c> (IPv4) or
    /// <c>[udp6zerocsumtx] udp6zerocsumrx</c> (IPv6), learning included (ip's default).
    /// </summary>
    public static NetlinkMessageWriter NewVxlan(string name, uint vni, IPAddress local, IPAddress remote, ushort port, bool outerChecksum)
    {
        if (local.AddressFamily != remote.AddressFamily) throw new ArgumentException($"{local} and {remote} are of different families", nameof(remote));
        var ipv6 = local.AddressFamily == AddressFamily.InterNetworkV6;
        var request = new NetlinkMessageWriter(RTM_NEWLINK, Create);
        request.Append(new ifinfomsg());
        request.PutString(IFLA_IFNAME, name);
        using (request.BeginNested(IFLA_LINKINFO))
        {
            PutKind(request, "vxlan"u8);
            using (request.BeginNested(IFLA_INFO_DATA))
            {
                if (!ipv6) request.PutAttribute(IFLA_VXLAN_UDP_CSUM, [outerChecksum ? (byte)1 : (byte)0]);
                if (ipv6 && !outerChecksum) request.PutAttribute(IFLA_VXLAN_UDP_ZERO_CSUM6_TX, [1]);
                if (ipv6) request.PutAttribute(IFLA_VXLAN_UDP_ZERO_CSUM6_RX, [1]);
                request.PutUInt32(IFLA_VXLAN_ID, vni);
                request.PutAttribute(ipv6 ? IFLA_VXLAN_LOCAL6 : IFLA_VXLAN_LOCAL, local.GetAddressBytes());
                request.PutAttribute(ipv6 ? IFLA_VXLAN_GROUP6 : IFLA_VXLAN_GROUP, remote.GetAddressBytes());
                request.PutAttribute(IFLA_VXLAN_LEARNING, [1]);
                request.PutAttribute(IFLA_VXLAN_PORT, [(byte)(port >> 8), (byte)port]);
            }
        }
        return request;
    }

    public static NetlinkMessageWriter DeleteLink(int index)
    {
        var request = new NetlinkMessageWriter(RTM_DELLINK, Change);
        request.Append(new ifinfomsg { ifi_index = index });
        return request;
    }

    public static NetlinkMessageWriter SetMaster(int index, int masterIndex)
    {
        var request = ChangeLink(index);
        request.PutUInt32(IFLA_MASTER, checked((uint)masterIndex));
        return request;
    }

    public static NetlinkMessageWriter MoveToNamespace(int index, int namespaceFd)
    {
        var request = ChangeLink(index);
        request.PutUInt32(IFLA_NET_NS_FD, checked((uint)namespaceFd));
        return request;
    }

    public static NetlinkMessageWriter SetUp(int index, bool up)
    {
        var request = new NetlinkMessageWriter(RTM_NEWLINK, Change);
        // ifi_change names the one flag to change; with change 0 the kernel would take ifi_flags as the whole word.
        request.Append(new ifinfomsg
        {
            ifi_index = index,
            ifi_flags = up ? (uint)NetDeviceFlags.IFF_UP : 0,
            ifi_change = (uint)NetDeviceFlags.IFF_UP,
        });
        return request;
    }

    public static NetlinkMessageWriter SetMtu(int index, int mtu)
    {
        var request = ChangeLink(index);
        request.PutUInt32(IFLA_MTU, checked((uint)mtu));
        return request;
    }

    public static NetlinkMessageWriter SetMacAddress(int index, ReadOnlySpan<byte> mac)
    {
        var request = ChangeLink(index);
        request.PutAttribute(IFLA_ADDRESS, mac);
        return request;
    }

    /// <summary>RTM_NEWADDR with IFA_LOCAL = IFA_ADDRESS (no peer); IPv6 with IFA_F_NODAD so it is not "tentative".</summary>
    public static NetlinkMessageWriter NewAddress(int index, IPAddress address, int prefixLength)
    {
        var request = new NetlinkMessageWriter(RTM_NEWADDR, Create);
        request.Append(new ifaddrmsg
        {
            ifa_family = Family(address),
            ifa_prefixlen = checked((byte)prefixLength),
            ifa_flags = address.AddressFamily == AddressFamily.InterNetworkV6 ? IFA_F_NODAD : (byte)0,
            ifa_scope = RT_SCOPE_UNIVERSE,
            ifa_index = checked((uint)index),
        });
        var bytes = address.GetAddressBytes();
        request.PutAttribute(IFA_LOCAL, bytes);
        request.PutAttribute(IFA_ADDRESS, bytes);
        return request;
    }

    public static NetlinkMessageWriter NewNeighbour(int index, IPAddress address, ReadOnlySpan<byte> mac)
    {
        var request = new NetlinkMessageWriter(RTM_NEWNEIGH, Create);
        request.Append(new ndmsg { ndm_family = Family(address), ndm_ifindex = index, ndm_state = NUD_PERMANENT });
        request.PutAttribute(NDA_DST, address.GetAddressBytes());
        request.PutAttribute(NDA_LLADDR, mac);
        return request;
    }

    public static NetlinkMessageWriter GetLink(int index)
    {
        var request = new NetlinkMessageWriter(RTM_GETLINK, Change);
        request.Append(new ifinfomsg { ifi_index = index });
        return request;
    }

    public static NetlinkMessageWriter GetLink(string name)
    {
        var request = new NetlinkMessageWriter(RTM_GETLINK, Change);
        request.Append(new ifinfomsg());
        request.PutString(IFLA_IFNAME, name);
        return request;
    }

    public static NetlinkMessageWriter DumpLinks()
    {
        var request = new NetlinkMessageWriter(RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP);
        request.Append(new ifinfomsg());
        return request;
    }

    /// <summary>An RTM_NEWLINK that changes the existing link <paramref name="index"/> (no CREATE, no EXCL).</summary>
    private static NetlinkMessageWriter ChangeLink(int index)
    {
        var request = new NetlinkMessageWriter(RTM_NEWLINK, Change);
        request.Append(new ifinfomsg { ifi_index = index });
        return request;
    }

    /// <summary>
    /// IFLA_INFO_KIND without a NUL, exactly as iproute2 sends it (addattr_l with strlen); the kernel's NLA_STRING
    /// policy takes it with or without, and matching ip byte for byte lets ip serve as the oracle of these requests.
    /// </summary>
    private static void PutKind(NetlinkMessageWriter request, ReadOnlySpan<byte> kind) => request.PutAttribute(IFLA_INFO_KIND, kind);

    private static byte Family(IPAddress address) => address.AddressFamily switch
    {
        AddressFamily.InterNetwork => (byte)(int)AF_INET,
        AddressFamily.InterNetworkV6 => (byte)(int)AF_INET6,
        _ => throw new ArgumentException($"{address} is neither IPv4 nor IPv6", nameof(address)),
    };
}
