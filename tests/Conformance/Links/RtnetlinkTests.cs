using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Conformance.Support;
using Vnetconf.Interop;
using Vnetconf.Links;
using Vnetconf.Packets;

namespace Vnetconf.Conformance.Links;

/// <summary>
/// <see cref="Rtnetlink"/> against the running kernel, inside fresh namespaces, each change checked with
/// <c>ip -j</c> run inside the same namespace: our client's requests and how it reports a refusal. What the kernel
/// answers a refused request with (the errno, its message) is the host.rtnetlink catalogue's (HostCatalogueTests).
/// </summary>
[TestFixture, Category("Host")]
public class RtnetlinkTests
{
    private static readonly MacAddress MacA = MacAddress.Parse("02:00:5e:00:0a:01");
    private static readonly MacAddress MacB = MacAddress.Parse("02:00:5e:00:0a:02");

    [SetUp]
    public void RequireRoot() => HostTools.RequireRootAndTools();

    [Test]
    public void Bridge_is_created_with_the_index_and_kind_ip_reports()
    {
        using var ns = NetNamespace.Create("rtnl");
        using var rt = Rtnetlink.Open(ns);

        var index = rt.CreateBridge("vbr0");

        var ip = HostTools.IpLink(ns, "vbr0");
        ip.GetProperty("ifindex").GetInt32().Should().Be(index);
        ip.GetProperty("linkinfo").GetProperty("info_kind").GetString().Should().Be("bridge");
        rt.GetLink("vbr0").Should().Match<LinkInfo>(link => link.Index == index && link.Kind == "bridge" && !link.IsUp);
    }

    [Test]
    public void A_refused_bridge_names_the_call_the_namespace_and_the_errno()
    {
        using var ns = NetNamespace.Create("rtnl");
        using var rt = Rtnetlink.Open(ns);
        rt.CreateBridge("vbr0");

        var failure = rt.Invoking(r => r.CreateBridge("vbr0")).Should().Throw<SyscallException>().Which;

        failure.Call.Should().Be("RTM_NEWLINK(bridge vbr0)");
        failure.Target.Should().Be(ns.Name);
        failure.Message.Should().StartWith($"RTM_NEWLINK(bridge vbr0) on {ns.Name} failed: {failure.ErrnoName}");
    }

    [Test]
    public void Veth_in_one_namespace_returns_the_index_ip_reports_and_has_both_ends()
    {
        using var ns = NetNamespace.Create("rtnl");
        using var rt = Rtnetlink.Open(ns);

        var index = rt.CreateVeth("va0", "vb0");

        HostTools.IpLink(ns, "va0").GetProperty("ifindex").GetInt32().Should().Be(index);
        HostTools.IpLink(ns, "vb0").GetProperty("linkinfo").GetProperty("info_kind").GetString().Should().Be("veth");
        rt.GetLink("vb0").Kind.Should().Be("veth");
    }

    [Test]
    public void Veth_peer_is_born_in_the_other_namespace_and_never_appears_in_the_first()
    {
        using var near = NetNamespace.Create("near");
        using var far = NetNamespace.Create("far");
        using var rt = Rtnetlink.Open(near);
        using var rtFar = Rtnetlink.Open(far);

        var index = rt.CreateVeth("va0", "vb0", far);

        HostTools.IpLink(near, "va0").GetProperty("ifindex").GetInt32().Should().Be(index);
        HostTools.LinkExists(near, "vb0").Should().BeFalse();
        HostTools.IpLink(far, "vb0").GetProperty("linkinfo").GetProperty("info_kind").GetString().Should().Be("veth");
        rtFar.GetLink("vb0").Kind.Should().Be("veth");
    }

    [Test]
    public void Enslaved_veth_shows_the_bridge_as_master_and_release_clears_it()
    {
        using var ns = NetNamespace.Create("rtnl");
        using var rt = Rtnetlink.Open(ns);
        var bridge = rt.CreateBridge("vbr0");
        var port = rt.CreateVeth("va0", "vb0");

        rt.SetMaster(port, bridge);

        HostTools.IpLink(ns, "va0").GetProperty("master").GetString().Should().Be("vbr0");
        rt.GetLink(port).MasterIndex.Should().Be(bridge);

        rt.SetMaster(port, 0);

        HostTools.IpLink(ns, "va0").TryGetProperty("master", out _).Should().BeFalse();
        rt.GetLink(port).MasterIndex.Should().Be(0);
    }

    [Test]
    public void Link_moved_to_another_namespace_is_where_ip_finds_it_in_the_state_ip_shows()
    {
        using var near = NetNamespace.Create("near");
        using var far = NetNamespace.Create("far");
        using var rt = Rtnetlink.Open(near);
        using var rtFar = Rtnetlink.Open(far);
        rt.CreateVeth("va0", "vb0");
        var moving = rt.GetLink("vb0").Index;
        rt.SetUp(moving, true);

        rt.MoveToNamespace(moving, far);

        HostTools.LinkExists(near, "vb0").Should().BeFalse();
        rtFar.GetLink("vb0").IsUp.Should().Be(Flags(HostTools.IpLink(far, "vb0")).Contains("UP"));
    }

    [Test]
    public void Link_set_up_and_down_is_reflected_in_IFF_UP_as_ip_sees_it()
    {
        using var ns = NetNamespace.Create("rtnl");
        using var rt = Rtnetlink.Open(ns);
        var index = rt.CreateVeth("va0", "vb0");
        var flagsBefore = rt.GetLink(index).Flags;

        rt.SetUp(index, true);

        Flags(HostTools.IpLink(ns, "va0")).Should().Contain("UP");
        rt.GetLink(index).Flags.Should().Be(flagsBefore | NetDeviceFlags.IFF_UP, "ifi_change limits the change to IFF_UP");

        rt.SetUp(index, false);

        Flags(HostTools.IpLink(ns, "va0")).Should().NotContain("UP");
        rt.GetLink(index).Flags.Should().Be(flagsBefore);
    }

    [Test]
    public void Mtu_change_is_seen_by_ip()
    {
        using var ns = NetNamespace.Create("rtnl");
        using var rt = Rtnetlink.Open(ns);
        var index = rt.CreateVeth("va0", "vb0");

        rt.SetMtu(index, 9000);

        HostTools.IpLink(ns, "va0").GetProperty("mtu").GetInt32().Should().Be(9000);
        rt.GetLink(index).Mtu.Should().Be(9000);
    }

    [Test]
    public void A_refused_mtu_names_the_call_and_carries_the_kernels_message_as_ip_prints_it()
    {
        using var ns = NetNamespace.Create("rtnl");
        using var rt = Rtnetlink.Open(ns);
        var index = rt.CreateVeth("va0", "vb0");

        var failure = rt.Invoking(r => r.SetMtu(index, 70000)).Should().Throw<SyscallException>().Which;

        failure.Call.Should().Be($"RTM_NEWLINK(index {index} mtu 70000)");
        failure.Target.Should().Be(ns.Name);
        ShouldCarryWhatIpPrints(failure, HostTools.TryRun(ns, "ip", "link", "set", "dev", "va0", "mtu", "70000"));
        rt.GetLink(index).Mtu.Should().Be(HostTools.IpLink(ns, "va0").GetProperty("mtu").GetInt32());
    }

    [Test]
    public void Mac_address_change_is_seen_by_ip()
    {
        using var ns = NetNamespace.Create("rtnl");
        using var rt = Rtnetlink.Open(ns);
        var index = rt.CreateVeth("va0", "vb0");

        rt.SetMacAddress(index, MacA);

        HostTools.IpLink(ns, "va0").GetProperty("address").GetString().Should().Be("02:00:5e:00:0a:01");
        rt.GetLink(index).Mac.Should().Be(MacA);
    }

    [Test]
    public void Ipv4_and_ipv6_addresses_are_added_and_the_ipv6_one_is_usable_at_once()
    {
        using var ns = NetNamespace.Create("rtnl");
        using var rt = Rtnetlink.Open(ns);
        var index = rt.CreateVeth("va0", "vb0");
        rt.SetUp(rt.GetLink("vb0").Index, true);
        rt.SetUp(index, true);

        rt.AddAddress(index, IPAddress.Parse("198.18.0.1"), 24);
        rt.AddAddress(index, IPAddress.Parse("2001:db8::1"), 64);

        var addresses = HostTools.IpJson(ns, "addr", "show", "dev", "va0").EnumerateArray().Single()
            .GetProperty("addr_info").EnumerateArray().ToList();
        var v4 = addresses.Single(a => a.GetProperty("local").GetString() == "198.18.0.1");
        v4.GetProperty("family").GetString().Should().Be("inet");
        v4.GetProperty("prefixlen").GetInt32().Should().Be(24);
        var v6 = addresses.Single(a => a.GetProperty("local").GetString() == "2001:db8::1");
        v6.GetProperty("prefixlen").GetInt32().Should().Be(64);
        v6.TryGetProperty("nodad", out var nodad).Should().BeTrue();
        nodad.GetBoolean().Should().BeTrue();
        v6.TryGetProperty("tentative", out _).Should().BeFalse("IFA_F_NODAD skips duplicate address detection");
    }

    [Test]
    public void A_refused_address_names_the_call_and_carries_the_kernels_message_as_ip_prints_it()
    {
        using var ns = NetNamespace.Create("rtnl");
        using var rt = Rtnetlink.Open(ns);
        var index = rt.CreateVeth("va0", "vb0");
        rt.AddAddress(index, IPAddress.Parse("198.18.0.1"), 24);

        var failure = rt.Invoking(r => r.AddAddress(index, IPAddress.Parse("198.18.0.1"), 24))
            .Should().Throw<SyscallException>().Which;

        failure.Call.Should().Be($"RTM_NEWADDR(198.18.0.1/24 on index {index})");
        failure.Target.Should().Be(ns.Name);
        ShouldCarryWhatIpPrints(failure, HostTools.TryRun(ns, "ip", "address", "add", "198.18.0.1/24", "dev", "va0"));
    }

    /// <summary>
    /// ip fails the same request and prints the kernel's extended-ack message as "Error: MESSAGE." (or, without one, the
    /// errno's text): our exception carries that message, or none when ip had none to print.
    /// </summary>
    private static void ShouldCarryWhatIpPrints(SyscallException failure, (int Exit, string Stdout, string Stderr) ip)
    {
        ip.Exit.Should().NotBe(0, "ip sends the same request");
        if (failure.Detail is { Length: > 0 } detail) ip.Stderr.Should().Contain($"Error: {detail}.");
        else ip.Stderr.Should().NotContain("Error: ", "the kernel gave no message, so ip prints the errno's text ({0})", ip.Stderr);
    }

    [Test]
    public void Permanent_neighbours_for_ipv4_and_ipv6_are_seen_by_ip_neigh()
    {
        using var ns = NetNamespace.Create("rtnl");
        using var rt = Rtnetlink.Open(ns);
        var index = rt.CreateVeth("va0", "vb0");

        rt.AddNeighbour(index, IPAddress.Parse("198.18.0.2"), MacB);
        rt.AddNeighbour(index, IPAddress.Parse("2001:db8::2"), MacB);

        var neighbours = HostTools.IpJson(ns, "neigh", "show", "dev", "va0").EnumerateArray()
            .ToDictionary(n => n.GetProperty("dst").GetString()!);
        neighbours.Keys.Should().BeEquivalentTo("198.18.0.2", "2001:db8::2");
        foreach (var neighbour in neighbours.Values)
        {
            neighbour.GetProperty("lladdr").GetString().Should().Be("02:00:5e:00:0a:02");
            neighbour.GetProperty("state").EnumerateArray().Select(s => s.GetString()).Should().Equal("PERMANENT");
        }
    }

    [Test]
    public void A_deleted_link_is_gone_as_ip_sees_it()
    {
        using var ns = NetNamespace.Create("rtnl");
        using var rt = Rtnetlink.Open(ns);
        var index = rt.CreateVeth("va0", "vb0");

        rt.DeleteLink(index);

        HostTools.LinkExists(ns, "va0").Should().BeFalse();
    }

    [Test]
    public void A_request_for_an_absent_link_fails_naming_the_link_the_call_and_the_namespace()
    {
        using var ns = NetNamespace.Create("rtnl");
        using var rt = Rtnetlink.Open(ns);

        var byName = rt.Invoking(r => r.GetLink("vnc-absent0")).Should().Throw<SyscallException>().Which;
        byName.Call.Should().Be("RTM_GETLINK(vnc-absent0)");
        byName.Target.Should().Be(ns.Name);

        var byIndex = rt.Invoking(r => r.SetMtu(999_999, 1400)).Should().Throw<SyscallException>().Which;
        byIndex.Call.Should().Be("RTM_NEWLINK(index 999999 mtu 1400)");
        rt.Invoking(r => r.DeleteLink(999_999)).Should().Throw<SyscallException>().Which.Call.Should().Be("RTM_DELLINK(index 999999)");
    }

    [Test]
    public void Link_list_agrees_with_ip_link_show()
    {
        using var ns = NetNamespace.Create("rtnl");
        using var rt = Rtnetlink.Open(ns);
        var bridge = rt.CreateBridge("vbr0");
        var port = rt.CreateVeth("va0", "vb0");
        rt.SetMaster(port, bridge);
        rt.SetUp(port, true);

        var ours = rt.ListLinks();

        var ip = HostTools.IpJson(ns, "-d", "link", "show").EnumerateArray().ToList();
        ours.Select(l => l.Name).Should().Equal(ip.Select(l => l.GetProperty("ifname").GetString()));
        foreach (var (link, theirs) in ours.Zip(ip))
        {
            link.Index.Should().Be(theirs.GetProperty("ifindex").GetInt32());
            link.Mtu.Should().Be(theirs.GetProperty("mtu").GetInt32());
            link.IsUp.Should().Be(Flags(theirs).Contains("UP"), link.Name);
            link.Kind.Should().Be(theirs.TryGetProperty("linkinfo", out var info) ? info.GetProperty("info_kind").GetString() : null);
            link.Mac.ToString().Should().Be(theirs.GetProperty("address").GetString());
            if (link.MasterIndex != 0) theirs.GetProperty("master").GetString().Should().Be("vbr0");
        }
        ours.Should().ContainSingle(l => l.Name == "lo" && l.Kind == null);
    }

    [Test]
    public void Stats64_count_the_frames_sent_through_a_veth_as_ip_counts_them()
    {
        using var near = NetNamespace.Create("near");
        using var far = NetNamespace.Create("far");
        using var rt = Rtnetlink.Open(near);
        using var rtFar = Rtnetlink.Open(far);
        var local = rt.CreateVeth("va0", "vb0", far);
        var remote = rtFar.GetLink("vb0").Index;
        rt.AddAddress(local, IPAddress.Parse("198.18.0.1"), 24);
        rtFar.AddAddress(remote, IPAddress.Parse("198.18.0.2"), 24);
        rtFar.SetUp(remote, true);
        rt.SetUp(local, true);
        // A permanent neighbour: no ARP, so each datagram is exactly one frame on the veth.
        rt.AddNeighbour(local, IPAddress.Parse("198.18.0.2"), rtFar.GetLink(remote).Mac!.Value);

        const int datagrams = 5, payload = 100;
        near.Run(() =>
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            for (var i = 0; i < datagrams; i++) socket.SendTo(new byte[payload], new IPEndPoint(IPAddress.Parse("198.18.0.2"), 9));
        });

        // Other traffic (IPv6 reports of the fresh links) may pass meanwhile: ip's reading lies between two of ours.
        var before = rt.GetLink(local).Stats;
        var ip = HostTools.IpJson(near, "-s", "link", "show", "dev", "va0").EnumerateArray().Single().GetProperty("stats64");
        var after = rt.GetLink(local).Stats;
        ip.GetProperty("tx").GetProperty("packets").GetUInt64().Should().BeInRange(before.TxPackets, after.TxPackets);
        ip.GetProperty("tx").GetProperty("bytes").GetUInt64().Should().BeInRange(before.TxBytes, after.TxBytes);
        ip.GetProperty("rx").GetProperty("packets").GetUInt64().Should().BeInRange(before.RxPackets, after.RxPackets);
        ip.GetProperty("rx").GetProperty("bytes").GetUInt64().Should().BeInRange(before.RxBytes, after.RxBytes);
        before.TxPackets.Should().BeGreaterThanOrEqualTo(datagrams);
        before.TxBytes.Should().BeGreaterThanOrEqualTo(datagrams * (14 + 20 + 8 + payload));
        rtFar.GetLink(remote).Stats.RxPackets.Should().BeGreaterThanOrEqualTo(datagrams);
    }

    [Test]
    public void Bridge_in_the_host_namespace_is_refused_and_nothing_is_created()
    {
        var hostBefore = HostTools.LinkFingerprint(NetNamespace.Host);
        using var rt = Rtnetlink.Open(NetNamespace.Host);

        rt.Invoking(r => r.CreateBridge("vnc-refused0")).Should().Throw<HostModificationRefusedException>()
            .Which.Message.Should().Contain("create bridge vnc-refused0");

        HostTools.LinkExists(NetNamespace.Host, "vnc-refused0").Should().BeFalse();
        HostTools.LinkFingerprint(NetNamespace.Host).Should().Be(hostBefore);
    }

    [Test]
    public void Veth_with_its_peer_in_the_host_namespace_is_refused_and_nothing_is_created()
    {
        var hostBefore = HostTools.LinkFingerprint(NetNamespace.Host);
        using var ns = NetNamespace.Create("rtnl");
        using var rt = Rtnetlink.Open(ns);

        rt.Invoking(r => r.CreateVeth("va0", "vnc-refused0", NetNamespace.Host)).Should().Throw<HostModificationRefusedException>();

        HostTools.LinkExists(ns, "va0").Should().BeFalse();
        HostTools.LinkFingerprint(NetNamespace.Host).Should().Be(hostBefore);
    }

    [Test]
    public void Moving_a_link_into_the_host_namespace_is_refused_and_it_stays()
    {
        var hostBefore = HostTools.LinkFingerprint(NetNamespace.Host);
        using var ns = NetNamespace.Create("rtnl");
        using var rt = Rtnetlink.Open(ns);
        var index = rt.CreateVeth("va0", "vb0");

        rt.Invoking(r => r.MoveToNamespace(index, NetNamespace.Host)).Should().Throw<HostModificationRefusedException>();

        HostTools.LinkExists(ns, "va0").Should().BeTrue();
        HostTools.LinkFingerprint(NetNamespace.Host).Should().Be(hostBefore);
    }

    [Test]
    public void Permission_for_a_host_interface_name_does_not_extend_to_creating_a_link_of_that_name()
    {
        var hostBefore = HostTools.LinkFingerprint(NetNamespace.Host);
        using var rt = Rtnetlink.Open(NetNamespace.HostWithPermission(["vnc-absent0"]));

        rt.Invoking(r => r.CreateBridge("vnc-absent0")).Should().Throw<HostModificationRefusedException>();

        HostTools.LinkFingerprint(NetNamespace.Host).Should().Be(hostBefore);
    }

    private static List<string?> Flags(JsonElement link) => link.GetProperty("flags").EnumerateArray().Select(f => f.GetString()).ToList();

}
