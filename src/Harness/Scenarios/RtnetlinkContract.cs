using System.Net;
using System.Net.Sockets;
using Vnetconf.Interop;
using Vnetconf.Links;
using Vnetconf.Model;

namespace Vnetconf.Scenarios;

/// <summary>
/// What rtnetlink answers the requests the lab is built with, where the kernel, not our client, decides: the errno and
/// the kernel's extended-ack message of a refused request, and the state a request leaves behind. Our client's requests
/// themselves are checked against iproute2 elsewhere (RtnetlinkTests); these entries are what a kernel upgrade may change.
/// </summary>
internal static class RtnetlinkContract
{
    public const string Answer = "answer";
    public const string KernelMessage = "kernel message";

    private const string NewLink = "net/core/rtnetlink.c: rtnl_newlink";

    private static readonly IPAddress Ipv4 = IPAddress.Parse("198.18.0.1");
    private static readonly IPAddress Ipv6 = IPAddress.Parse("2001:db8::1");

    /// <summary>Every entry, in the order the report lists them.</summary>
    public static IReadOnlyList<ContractEntry> All { get; } =
    [
        new(HostMatrix.Rtnetlink, "bridge.name-taken", "Creating a bridge whose name is taken is EEXIST",
            _ => Contract.Documented(Answer, "EEXIST", "RTM_NEWLINK with NLM_F_CREATE|NLM_F_EXCL finds the name taken", NewLink),
            ns => Contract.Observed((Answer, Refusal(ns, rtnetlink =>
            {
                rtnetlink.CreateBridge("vbr0");
                rtnetlink.CreateBridge("vbr0");
            }).Errno))),
        new(HostMatrix.Rtnetlink, "veth.mtu-above-maximum", "An MTU above a veth's maximum is EINVAL, with the kernel's message, and the MTU stays",
            _ => new Expectation()
                .Add(Answer, "EINVAL", "veth's max_mtu is ETH_MAX_MTU (65535) less its headroom; 70000 is above it", "net/core/dev.c: dev_validate_mtu")
                .Add(KernelMessage, "mtu greater than device maximum", "dev_validate_mtu says why in the extended ack", "net/core/dev.c: dev_validate_mtu")
                .Add("mtu after", "1500", "a refused change leaves the device as it was", "net/core/dev.c: dev_set_mtu_ext"),
            ns =>
            {
                var index = -1;
                var (errno, message) = Refusal(ns, rtnetlink =>
                {
                    index = rtnetlink.CreateVeth("va0", "vb0");
                    rtnetlink.SetMtu(index, 70000);
                });
                using var rtnetlink = Rtnetlink.Open(ns);
                return Contract.Observed((Answer, errno), (KernelMessage, message), ("mtu after", rtnetlink.GetLink(index).Mtu.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }),
        new(HostMatrix.Rtnetlink, "address.ipv4-assigned", "Adding an IPv4 address a device already has is EEXIST, with the kernel's message",
            kernel => new Expectation()
                .Add(Answer, "EEXIST", "the address is on the device and the request has NLM_F_EXCL", "net/ipv4/devinet.c: inet_rtm_newaddr")
                .Add(KernelMessage, KernelChanges.Ipv4AddressExtack.IsIn(kernel) ? "ipv4: Address already assigned" : "none",
                    KernelChanges.Ipv4AddressExtack.IsIn(kernel) ? "inet_rtm_newaddr says why in the extended ack" : "inet_rtm_newaddr sets no extended ack yet",
                    "net/ipv4/devinet.c: inet_rtm_newaddr", KernelChanges.Ipv4AddressExtack.SideOf(kernel)),
            ns =>
            {
                var (errno, message) = Refusal(ns, rtnetlink =>
                {
                    var index = rtnetlink.CreateVeth("va0", "vb0");
                    rtnetlink.AddAddress(index, Ipv4, 24);
                    rtnetlink.AddAddress(index, Ipv4, 24);
                });
                return Contract.Observed((Answer, errno), (KernelMessage, message));
            }),
        new(HostMatrix.Rtnetlink, "address.ipv6-nodad-usable", "An IPv6 address added with IFA_F_NODAD can be bound at once",
            _ => Contract.Documented("bind right after RTM_NEWADDR", Contract.Accepted,
                "IFA_F_NODAD skips duplicate address detection, so the address is never tentative (a tentative one is EADDRNOTAVAIL to bind)",
                "net/ipv6/addrconf.c: addrconf_dad_begin, ipv6_chk_addr"),
            ns =>
            {
                using (var rtnetlink = Rtnetlink.Open(ns))
                {
                    var index = rtnetlink.CreateVeth("va0", "vb0");
                    rtnetlink.SetUp(rtnetlink.GetLink("vb0").Index, true);
                    rtnetlink.SetUp(index, true);
                    rtnetlink.AddAddress(index, Ipv6, 64);
                }
                return Contract.Observed(("bind right after RTM_NEWADDR", BindAnswer(ns, Ipv6)));
            }),
        new(HostMatrix.Rtnetlink, "link.moved-arrives-down", "A link moved to another namespace leaves the first and arrives down",
            _ => new Expectation()
                .Add("in the first namespace", "ENODEV", "the device is unlisted from its namespace before it moves", "net/core/dev.c: __dev_change_net_namespace")
                .Add("in the second namespace", "down", "the device is closed before it moves", "net/core/dev.c: __dev_change_net_namespace (dev_close)"),
            ns =>
            {
                using var target = NetNamespace.Create(HostMatrix.Rtnetlink);
                using var rtnetlink = Rtnetlink.Open(ns);
                using var targetRtnetlink = Rtnetlink.Open(target);
                rtnetlink.CreateVeth("va0", "vb0");
                var moving = rtnetlink.GetLink("vb0").Index;
                rtnetlink.SetUp(moving, true);
                rtnetlink.MoveToNamespace(moving, target);
                return Contract.Observed(("in the first namespace", Contract.Answer(() => rtnetlink.GetLink("vb0"))),
                    ("in the second namespace", targetRtnetlink.GetLink("vb0").IsUp ? "up" : "down"));
            }),
        new(HostMatrix.Rtnetlink, "veth.delete-removes-peer", "Deleting one end of a veth removes its peer in the other namespace",
            _ => Contract.Documented("the peer after the delete", "ENODEV", "veth_dellink unregisters both ends", "drivers/net/veth.c: veth_dellink"),
            ns =>
            {
                using var peer = NetNamespace.Create(HostMatrix.Rtnetlink);
                using var rtnetlink = Rtnetlink.Open(ns);
                using var peerRtnetlink = Rtnetlink.Open(peer);
                rtnetlink.DeleteLink(rtnetlink.CreateVeth("va0", "vb0", peer));
                return Contract.Observed(("the peer after the delete", Contract.Answer(() => peerRtnetlink.GetLink("vb0"))));
            }),
        new(HostMatrix.Rtnetlink, "link.absent", "Asking for, changing or deleting a link that does not exist is ENODEV",
            _ => new Expectation()
                .Add("RTM_GETLINK by name", "ENODEV", "no device of that name in the namespace", "net/core/rtnetlink.c: rtnl_getlink")
                .Add("RTM_NEWLINK by index", "ENODEV", "a change of an absent index finds no device", NewLink)
                .Add("RTM_DELLINK by index", "ENODEV", "no device of that index to delete", "net/core/rtnetlink.c: rtnl_dellink"),
            ns =>
            {
                using var rtnetlink = Rtnetlink.Open(ns);
                return Contract.Observed(("RTM_GETLINK by name", Contract.Answer(() => rtnetlink.GetLink("vnc-absent0"))),
                    ("RTM_NEWLINK by index", Contract.Answer(() => rtnetlink.SetMtu(999_999, 1400))),
                    ("RTM_DELLINK by index", Contract.Answer(() => rtnetlink.DeleteLink(999_999))));
            }),
    ];

    /// <summary>Runs <paramref name="requests"/>, whose last is expected to be refused, and returns the refusal's errno and the kernel's message ("none" without one).</summary>
    private static (string Errno, string Message) Refusal(NetNamespace ns, Action<Rtnetlink> requests)
    {
        using var rtnetlink = Rtnetlink.Open(ns);
        try
        {
            requests(rtnetlink);
            return (Contract.Accepted, "none");
        }
        catch (SyscallException e)
        {
            return (e.ErrnoName, string.IsNullOrEmpty(e.Detail) ? "none" : e.Detail);
        }
    }

    private static string BindAnswer(NetNamespace ns, IPAddress address)
    {
        try
        {
            LabSockets.Open(ns, new IPEndPoint(address, 0), SocketType.Dgram).Dispose();
            return Contract.Accepted;
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode.ToString();
        }
    }
}
