using System.Net;
using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Interop.Netlink;

namespace Vnetconf.Harness.Tests.Netlink;

/// <summary>
/// Each request the harness builds, byte for byte against what iproute2 6.1's <c>ip</c> sent for the same change.
/// <para>
/// Captured once on Linux 6.18 inside throwaway namespaces (<c>unshare --net</c>) with
/// <c>strace -f -e trace=sendmsg -e write=all -xx ip ...</c>, e.g. <c>ip link add br0 type bridge</c>; the peer
/// namespace of the cross-namespace veth was another <c>unshare --net sleep</c> given to ip as
/// <c>netns /proc/PID/ns/net</c>, which ip opened as fd 4. Normalized: nlmsg_seq (ip uses the time) set to 1; nlmsg_pid
/// is 0 in ip's requests already. Link-changing commands were captured with va0 at ifindex 4 and br0 at 2.
/// </para>
/// </summary>
public class RtnetlinkRequestsMatchIpTests
{
    private static void ShouldMatchIp(NetlinkMessageWriter request, string ipHex)
    {
        request.Sequence = 1;
        Convert.ToHexString(request.Bytes).Should().Be(
            string.Concat(ipHex.Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant());
    }

    [Test]
    public void Bridge_creation_is_the_request_of_ip_link_add_type_bridge() =>
        // ip link add br0 type bridge
        ShouldMatchIp(RtnetlinkRequests.NewBridge("br0"), """
            38000000 10000506 01000000 00000000  00000000 00000000 00000000 00000000
            08000300 62723000 10001200 0a000100  62726964 67650000
            """);

    [Test]
    public void Veth_creation_is_the_request_of_ip_link_add_type_veth() =>
        // ip link add va0 type veth peer name vb0
        ShouldMatchIp(RtnetlinkRequests.NewVeth("va0", "vb0", peerNamespaceFd: null), """
            54000000 10000506 01000000 00000000  00000000 00000000 00000000 00000000
            08000300 76613000 2c001200 08000100  76657468 20000200 1c000100 00000000
            00000000 00000000 00000000 08000300  76623000
            """);

    [Test]
    public void Veth_with_its_peer_in_another_namespace_is_the_request_of_ip_with_peer_netns() =>
        // ip link add va0 type veth peer name vb0 netns /proc/PID/ns/net   (ip opened the namespace as fd 4)
        ShouldMatchIp(RtnetlinkRequests.NewVeth("va0", "vb0", peerNamespaceFd: 4), """
            5c000000 10000506 01000000 00000000  00000000 00000000 00000000 00000000
            08000300 76613000 34001200 08000100  76657468 28000200 24000100 00000000
            00000000 00000000 00000000 08001c00  04000000 08000300 76623000
            """);

    // ip link add vx0 type vxlan id 42 local 198.18.0.2 remote 198.18.0.1 dstport 4789 noudpcsum
    [TestCase("198.18.0.2", "198.18.0.1", false, "6c000000 10000506 01000000 00000000 00000000 00000000 00000000 00000000 08000300 76783000 44001200 09000100 76786c61 6e000000 34000200 05001200 00000000 08000100 2a000000 08000400 c6120002 08000200 c6120001 05000700 01000000 06000f00 12b50000")]
    // ip link add vx0 type vxlan id 42 local 198.18.0.2 remote 198.18.0.1 dstport 4789 udpcsum
    [TestCase("198.18.0.2", "198.18.0.1", true, "6c000000 10000506 01000000 00000000 00000000 00000000 00000000 00000000 08000300 76783000 44001200 09000100 76786c61 6e000000 34000200 05001200 01000000 08000100 2a000000 08000400 c6120002 08000200 c6120001 05000700 01000000 06000f00 12b50000")]
    // ip link add vx0 type vxlan id 42 local 2001:db8::2 remote 2001:db8::1 dstport 4789 udp6zerocsumtx udp6zerocsumrx
    [TestCase("2001:db8::2", "2001:db8::1", false, "8c000000 10000506 01000000 00000000 00000000 00000000 00000000 00000000 08000300 76783000 64001200 09000100 76786c61 6e000000 54000200 05001300 01000000 05001400 01000000 08000100 2a000000 14001100 20010db8 00000000 00000000 00000002 14001000 20010db8 00000000 00000000 00000001 05000700 01000000 06000f00 12b50000")]
    // ip link add vx0 type vxlan id 42 local 2001:db8::2 remote 2001:db8::1 dstport 4789 udp6zerocsumrx
    [TestCase("2001:db8::2", "2001:db8::1", true, "84000000 10000506 01000000 00000000 00000000 00000000 00000000 00000000 08000300 76783000 5c001200 09000100 76786c61 6e000000 4c000200 05001400 01000000 08000100 2a000000 14001100 20010db8 00000000 00000000 00000002 14001000 20010db8 00000000 00000000 00000001 05000700 01000000 06000f00 12b50000")]
    public void Vxlan_creation_is_the_request_of_ip_link_add_type_vxlan(string local, string remote, bool outerChecksum, string ipHex) =>
        ShouldMatchIp(RtnetlinkRequests.NewVxlan("vx0", 42, IPAddress.Parse(local), IPAddress.Parse(remote), 4789, outerChecksum), ipHex);

    [Test]
    public void Enslaving_is_the_request_of_ip_link_set_master() =>
        // ip link set va0 master br0
        ShouldMatchIp(RtnetlinkRequests.SetMaster(4, 2), """
            28000000 10000500 01000000 00000000  00000000 04000000 00000000 00000000
            08000a00 02000000
            """);

    [Test]
    public void Releasing_is_the_request_of_ip_link_set_nomaster() =>
        // ip link set va0 nomaster
        ShouldMatchIp(RtnetlinkRequests.SetMaster(4, 0), """
            28000000 10000500 01000000 00000000  00000000 04000000 00000000 00000000
            08000a00 00000000
            """);

    [Test]
    public void Setting_up_is_the_request_of_ip_link_set_up() =>
        // ip link set va0 up
        ShouldMatchIp(RtnetlinkRequests.SetUp(4, up: true), """
            20000000 10000500 01000000 00000000  00000000 04000000 01000000 01000000
            """);

    [Test]
    public void Setting_down_is_the_request_of_ip_link_set_down() =>
        // ip link set va0 down   (captured with va0 at ifindex 3)
        ShouldMatchIp(RtnetlinkRequests.SetUp(3, up: false), """
            20000000 10000500 01000000 00000000  00000000 03000000 00000000 01000000
            """);

    [Test]
    public void Mtu_change_is_the_request_of_ip_link_set_mtu() =>
        // ip link set va0 mtu 9000
        ShouldMatchIp(RtnetlinkRequests.SetMtu(4, 9000), """
            28000000 10000500 01000000 00000000  00000000 04000000 00000000 00000000
            08000400 28230000
            """);

    [Test]
    public void Mac_change_is_the_request_of_ip_link_set_address() =>
        // ip link set va0 address 02:00:00:00:00:01
        ShouldMatchIp(RtnetlinkRequests.SetMacAddress(4, [0x02, 0, 0, 0, 0, 0x01]), """
            2c000000 10000500 01000000 00000000  00000000 04000000 00000000 00000000
            0a000100 02000000 00010000
            """);

    [Test]
    public void Move_is_the_request_of_ip_link_set_netns() =>
        // ip link set vb0 netns /proc/PID/ns/net   (vb0 at ifindex 2; ip opened the namespace as fd 4)
        ShouldMatchIp(RtnetlinkRequests.MoveToNamespace(2, 4), """
            28000000 10000500 01000000 00000000  00000000 02000000 00000000 00000000
            08001c00 04000000
            """);

    [Test]
    public void Deletion_is_the_request_of_ip_link_del() =>
        // ip link del va0
        ShouldMatchIp(RtnetlinkRequests.DeleteLink(4), """
            20000000 11000500 01000000 00000000  00000000 04000000 00000000 00000000
            """);

    [Test]
    public void Ipv4_address_is_the_request_of_ip_addr_add() =>
        // ip addr add 198.18.0.1/24 dev va0
        ShouldMatchIp(RtnetlinkRequests.NewAddress(4, IPAddress.Parse("198.18.0.1"), 24), """
            28000000 14000506 01000000 00000000  02180000 04000000 08000200 c6120001
            08000100 c6120001
            """);

    [Test]
    public void Ipv6_address_is_the_request_of_ip_addr_add_nodad() =>
        // ip addr add 2001:db8::1/64 dev va0 nodad
        ShouldMatchIp(RtnetlinkRequests.NewAddress(4, IPAddress.Parse("2001:db8::1"), 64), """
            40000000 14000506 01000000 00000000  0a400200 04000000 14000200 20010db8
            00000000 00000000 00000001 14000100  20010db8 00000000 00000000 00000001
            """);

    [Test]
    public void Permanent_neighbour_is_the_request_of_ip_neigh_add_nud_permanent() =>
        // ip neigh add 198.18.0.2 lladdr 02:00:00:00:00:02 dev va0 nud permanent
        ShouldMatchIp(RtnetlinkRequests.NewNeighbour(4, IPAddress.Parse("198.18.0.2"), [0x02, 0, 0, 0, 0, 0x02]), """
            30000000 1c000506 01000000 00000000  02000000 04000000 80000000 08000100
            c6120002 0a000200 02000000 00020000
            """);
}
