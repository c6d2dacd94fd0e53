using System.Net;
using System.Net.Sockets;
using Vnetconf.Interop;
using Vnetconf.Links;

namespace Vnetconf.Scenarios;

/// <summary>How the TAP is opened and configured: the dimensions QEMU's tap backend sets.</summary>
/// <param name="VnetHeader">IFF_VNET_HDR (QEMU's vnet_hdr=on)</param>
/// <param name="HeaderSize">TUNSETVNETHDRSZ: 10 (legacy) or 12 (mergeable / virtio 1.0)</param>
/// <param name="Offloads">TUNSETOFFLOAD: what the reader promises to handle (QEMU mirrors the guest's GUEST_* features)</param>
public sealed record TapOptions(bool VnetHeader, int HeaderSize = 10, TunOffloads Offloads = TunOffloads.None)
{
    public override string ToString() =>
        $"vnet_hdr={(VnetHeader ? "on" : "off")}{(VnetHeader ? $" hdr={HeaderSize}" : "")} offload={TunOffloadRules.Describe(Offloads)}";
}

/// <summary>The "physical NIC" (a veth) offloads, as ethtool names them.</summary>
public sealed record NicOptions(bool TxChecksumming = true, bool Tso = true)
{
    /// <summary>The ethtool request: the feature groups `ethtool -K` names tx and tso.</summary>
    public IReadOnlyDictionary<string, bool> EthtoolRequest => new Dictionary<string, bool>
    {
        ["tx-checksumming"] = TxChecksumming,
        ["tcp-segmentation-offload"] = Tso,
    };

    public override string ToString() => $"nic tx-csum={(TxChecksumming ? "on" : "off")} tso={(Tso ? "on" : "off")}";
}

/// <summary>
/// The host-side topology, built in namespaces of its own and gone with them:
/// <code>
/// read path:   [stack ns: kernel ── tap0] ── fd: harness plays the guest
/// write path:  fd: harness plays the guest ── [stack ns: tap0 ─ br0 ─ nic0] ══veth══ [far ns: wire0 ── kernel]
/// </code>
/// </summary>
public sealed class HostLab : IDisposable
{
    public const string TapName = "tap0";
    public const string BridgeName = "br0";
    public const string NicName = "nic0";
    public const string WireName = "wire0";

    private readonly Stack<IDisposable> owned = new();

    private TapDevice? tap;
    private bool tapHandedOver;
    private readonly Dictionary<string, TapDevice> sideTaps = new(StringComparer.Ordinal);

    private HostLab(TapOptions tapOptions, NicOptions? nicOptions, Func<NetNamespace> stack)
    {
        TapOptions = tapOptions;
        NicOptions = nicOptions;
        Stack = Own(stack());
        try
        {
            QuietIPv6(Stack);
            StackNetlink = Own(Rtnetlink.Open(Stack));
        }
        catch
        {
            Dispose(); // the namespace (and its thread) must not outlive a lab that failed to build
            throw;
        }
    }

    public TapOptions TapOptions { get; }
    public NicOptions? NicOptions { get; }

    /// <summary>The namespace that holds the TAP (the hypervisor host's namespace, in the real deployment).</summary>
    public NetNamespace Stack { get; }
    public Rtnetlink StackNetlink { get; }

    /// <summary>The far end of the wire (write path only).</summary>
    public NetNamespace? Far { get; private set; }
    public Rtnetlink? FarNetlink { get; private set; }

    /// <summary>The lab's handle of tap0, until it is handed to a QEMU that opens the TAP by name (<see cref="HandOverTap"/>).</summary>
    public TapDevice Tap => tapHandedOver
        ? throw new InvalidOperationException($"{TapName} was handed over to a QEMU that opened it by name: the lab holds no fd of it")
        : tap!;

    /// <summary>
    /// Creates a further TAP beside tap0 in <see cref="Stack"/>, with IFF_VNET_HDR so that QEMU offers every offload
    /// on the NIC it backs, and nothing attached: a side NIC of a guest exists to be negotiated and read back, not to
    /// carry traffic (<see cref="Guest.SideNic"/>). The lab owns it.
    /// </summary>
    public TapDevice AddSideTap(string name)
    {
        var side = Own(TapDevice.Create(Stack, name, TunFlags.IFF_TAP | TunFlags.IFF_NO_PI | TunFlags.IFF_VNET_HDR));
        sideTaps.Add(name, side);
        return side;
    }

    /// <summary>The lab's handle of tap0 or of the side TAP <paramref name="name"/>, while the lab holds one.</summary>
    public TapDevice TapNamed(string name) => name == TapName ? Tap
        : tapHandedOver ? throw new InvalidOperationException($"{name} was handed over to a QEMU that opened it by name: the lab holds no fd of it")
        : sideTaps.TryGetValue(name, out var side) ? side : throw new ArgumentException($"the lab has no TAP {name}", nameof(name));

    public NetNamespace FarOrThrow => Far ?? throw new InvalidOperationException("this lab has no far end (read-path lab)");

    /// <summary>wire0's counters in the far namespace: where every throughput of the write path is counted.</summary>
    public LinkStats WireStats() =>
        (FarNetlink ?? throw new InvalidOperationException("this lab has no far end (read-path lab)")).GetLink(WireName).Stats;

    /// <summary>
    /// A TAP whose far side is the harness: the kernel in <see cref="Stack"/> owns <see cref="LabAddresses"/>' stack
    /// addresses on tap0 and sends to the guest addresses, whose neighbour entries point at the guest MAC.
    /// </summary>
    public static HostLab ForReadPath(TapOptions tap) => Build(tap, null, () => NetNamespace.Create("stack"), lab =>
    {
        var index = lab.StackNetlink.GetLink(TapName).Index;
        lab.StackNetlink.SetMacAddress(index, LabAddresses.StackMac);
        ConfigureEndpoint(lab.StackNetlink, index);
    });

    /// <summary>
    /// tap0 and nic0 on br0 in <see cref="Stack"/>; nic0's veth peer wire0 in <see cref="Far"/> holds the stack
    /// addresses. Frames the harness writes into the TAP cross the bridge and the NIC to the far kernel.
    /// </summary>
    public static HostLab ForWritePath(TapOptions tap, NicOptions nic) => ForWritePath(tap, nic, () => NetNamespace.Create("stack"));

    /// <summary>
    /// The same topology with <paramref name="stack"/> as its stack namespace, e.g. a container's namespace adopted
    /// with <see cref="NetNamespace.Adopt"/> so that the container's QEMU finds tap0 there. The lab owns it from here on.
    /// </summary>
    public static HostLab ForWritePath(TapOptions tap, NicOptions nic, Func<NetNamespace> stack) => Build(tap, nic, stack, lab =>
    {
        lab.Far = lab.Own(NetNamespace.Create("far"));
        QuietIPv6(lab.Far);
        lab.FarNetlink = lab.Own(Rtnetlink.Open(lab.Far));
        var net = lab.StackNetlink;
        var bridge = net.CreateBridge(BridgeName);
        var nicIndex = net.CreateVeth(NicName, WireName, lab.Far);
        net.SetMaster(net.GetLink(TapName).Index, bridge);
        net.SetMaster(nicIndex, bridge);
        net.SetUp(bridge, true);
        net.SetUp(nicIndex, true);

        lab.SetNicOffloads(nic);

        var wire = lab.FarNetlink.GetLink(WireName).Index;
        lab.FarNetlink.SetMacAddress(wire, LabAddresses.StackMac);
        ConfigureEndpoint(lab.FarNetlink, wire);
    });

    /// <summary>The stack's end of the lab's VXLAN tunnel (<see cref="VxlanEndpoint"/>): in <see cref="Far"/> on the write path, in <see cref="Stack"/> on the read path.</summary>
    public void AddVxlan(IpFamily family, bool outerChecksum) => VxlanEndpoint.Add(FarNetlink ?? StackNetlink, family, guestSide: false, outerChecksum);

    /// <summary>Asks ethtool for <paramref name="nic"/> on nic0, the NIC's end in <see cref="Stack"/>; read back what it got with <see cref="NicState"/>.</summary>
    public void SetNicOffloads(NicOptions nic) => SetOffloads(Stack, NicName, nic);

    /// <summary>The same on wire0, the far end's port, whose tx offloads shape what the far end sends toward the TAP.</summary>
    public void SetWireOffloads(NicOptions wire) => SetOffloads(FarOrThrow, WireName, wire);

    /// <summary>
    /// Makes tap0 (and every side TAP) persistent and closes the lab's fd of it, so that a QEMU can attach by name
    /// (<c>-netdev tap,ifname=tap0</c>): a TAP without IFF_MULTI_QUEUE takes one fd at a time (drivers/net/tun.c:
    /// tun_set_iff answers EBUSY), and QEMU's TUNSETIFF then sets IFF_VNET_HDR from its own vnet_hdr=on|off. The
    /// TAP lives on until its namespace dies (default_device_exit_batch unregisters it), so the stack namespace must
    /// be one that dies with the guest: a container's.
    /// </summary>
    public void HandOverTap()
    {
        foreach (var device in sideTaps.Values.Prepend(Tap))
        {
            device.SetPersist(true);
            device.Dispose();
        }
        tapHandedOver = true;
    }

    public void Dispose()
    {
        while (owned.TryPop(out var item)) item.Dispose();
    }

    public override string ToString() => NicOptions is null ? $"read path, {TapOptions}" : $"write path, {TapOptions}, {NicOptions}";

    private static HostLab Build(TapOptions tapOptions, NicOptions? nicOptions, Func<NetNamespace> stack, Action<HostLab> topology)
    {
        var lab = new HostLab(tapOptions, nicOptions, stack);
        try
        {
            var flags = TunFlags.IFF_TAP | TunFlags.IFF_NO_PI | (tapOptions.VnetHeader ? TunFlags.IFF_VNET_HDR : TunFlags.None);
            lab.tap = lab.Own(TapDevice.Create(lab.Stack, TapName, flags));
            if (tapOptions.VnetHeader) lab.Tap.VnetHeaderSize = tapOptions.HeaderSize;
            lab.Tap.SetOffload(tapOptions.Offloads);
            topology(lab);
            lab.StackNetlink.SetUp(lab.StackNetlink.GetLink(TapName).Index, true);
            return lab;
        }
        catch
        {
            lab.Dispose();
            throw;
        }
    }

    private static void SetOffloads(NetNamespace ns, string link, NicOptions options)
    {
        using var ethtool = Ethtool.Open(ns);
        ethtool.SetFeatures(link, options.EthtoolRequest);
    }

    /// <summary>Addresses, neighbours and link state of the kernel endpoint, in whichever namespace holds it.</summary>
    private static void ConfigureEndpoint(Rtnetlink net, int index)
    {
        net.SetUp(net.GetLink("lo").Index, true);
        net.SetUp(index, true);
        net.AddAddress(index, LabAddresses.StackIPv4, LabAddresses.IPv4PrefixLength);
        net.AddAddress(index, LabAddresses.StackIPv6, LabAddresses.IPv6PrefixLength);
        // Permanent neighbours: the kernel sends to the guest at once, without ARP or ND that nobody answers.
        net.AddNeighbour(index, LabAddresses.GuestIPv4, LabAddresses.GuestMac);
        net.AddNeighbour(index, LabAddresses.GuestIPv6, LabAddresses.GuestMac);
        AddressReadiness.Await(net.Namespace, LabAddresses.StackIPv4);
        AddressReadiness.Await(net.Namespace, LabAddresses.StackIPv6);
    }

    /// <summary>No DAD delay before addresses are usable, no router solicitations in the captures.</summary>
    private static void QuietIPv6(NetNamespace ns)
    {
        ProcNet.SetSysctl(ns, "net/ipv6/conf/default/accept_dad", "0");
        ProcNet.SetSysctl(ns, "net/ipv6/conf/default/router_solicitations", "0");
    }

    private T Own<T>(T item) where T : IDisposable
    {
        owned.Push(item);
        return item;
    }
}
