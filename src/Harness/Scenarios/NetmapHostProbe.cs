using System.Globalization;
using Vnetconf.Guest;
using Vnetconf.Interop;
using Vnetconf.Links;
using Vnetconf.Model;
using Vnetconf.Netmap;
using Vnetconf.Packets;

namespace Vnetconf.Scenarios;

/// <summary>
/// Observes the host netmap cells (<see cref="NetmapHostScenario"/>) with the binding (<see cref="NetmapPort"/>,
/// <see cref="NetmapControl"/>) on interfaces it creates in namespaces of its own: a veth pair (<see cref="VethPort"/> in
/// the lab namespace, <see cref="VethPeer"/> in a far one), the read-path lab's TAP, and a VALE switch. netmap looks
/// interface names and VALE switches up in the calling thread's network namespace (LINUX/netmap_linux.c: ifunit_ref and
/// netmap_bns_getbridges use current->nsproxy->net_ns), so every REGISTER and control request runs on the namespace's
/// own thread; a registered fd stays bound to its port whichever thread uses it later. The emulated adapter is forced
/// with admode=2 for the REGISTER (restored right after), the same code the guest agent runs.
/// </summary>
public static class NetmapHostProbe
{
    public const string VethPort = "veth0";
    public const string VethPeer = "peer0";

    /// <summary>netmap's generic_hwcsum parameter: whether the emulated adapter asks the driver to finish TCP/UDP checksums.</summary>
    public const string GenericHwcsumPath = "/sys/module/netmap/parameters/generic_hwcsum";

    /// <summary>A VALE switch of the probe's own namespace: VALE switches are per namespace, so no other user's vale0 is touched.</summary>
    private const string ValeSwitch = "vale0";

    private static readonly TimeSpan LinkWait = TimeSpan.FromSeconds(5);

    /// <summary>Observes cell <paramref name="c"/> inside a guest: the guest's agent runs <see cref="Observe"/> there, on the guest's netmap.</summary>
    public static Observation InGuest(AgentClient agent, NetmapHostScenario c)
    {
        var probed = agent.NetmapHostProbe(c.Id);
        var observed = new Observation();
        foreach (var (name, value) in probed.Aspects ?? []) observed.Aspects[name] = value;
        observed.Notes.AddRange(probed.Notes ?? []);
        return observed;
    }

    public static Observation Observe(NetmapHostScenario c) => c.Kind switch
    {
        NetmapHostCellKind.VethReceive or NetmapHostCellKind.VethTransmit => ObserveVeth(c),
        NetmapHostCellKind.TapReceive or NetmapHostCellKind.TapTransmit => ObserveTap(c),
        NetmapHostCellKind.ValePortHeader => ObserveVale(),
        _ => throw new ArgumentOutOfRangeException(nameof(c), c.Kind, "no probe for this kind of cell"),
    };

    private static Observation ObserveVeth(NetmapHostScenario c)
    {
        using var lab = NetNamespace.Create("netmap");
        using var far = NetNamespace.Create("netmap-peer");
        using (var net = Rtnetlink.Open(lab))
        using (var farNet = Rtnetlink.Open(far))
        {
            var index = net.CreateVeth(VethPort, VethPeer, far);
            using (var ethtool = Ethtool.Open(far))
                ethtool.SetFeatures(VethPeer, new NicOptions(TxChecksumming: c.PeerOffload, Tso: false).EthtoolRequest);
            net.SetUp(index, true);
            farNet.SetUp(farNet.GetLink(VethPeer).Index, true);
            AwaitRunning(net, VethPort);
            AwaitRunning(farNet, VethPeer);
        }
        var peerState = $"{VethPeer}: {NicState.Read(far, VethPeer)}";
        var marker = $"vnetconf {c.Id}";

        if (c.Kind == NetmapHostCellKind.VethTransmit)
        {
            using var capture = PacketCapture.Open(far, VethPeer);
            return Transmit(lab, VethPort, marker, capture, peerState);
        }
        return Receive(lab, VethPort, marker, needsCsum: true, (frame, header) =>
        {
            using var socket = PacketSocket.Open(far, VethPeer, vnetHeader: true);
            socket.Send(HostileFrames.Compose(header, VirtioNetHeader.LegacySize, frame));
            return $"sent {frame.Length} B with {header} by AF_PACKET (PACKET_VNET_HDR) on {peerState}";
        });
    }

    private static Observation ObserveTap(NetmapHostScenario c)
    {
        using var lab = HostLab.ForReadPath(new TapOptions(VnetHeader: c.PeerOffload));
        var tapSide = new TapGuest(lab.Tap, LabAddresses.GuestMac);
        var marker = $"vnetconf {c.Id}";

        if (c.Kind == NetmapHostCellKind.TapTransmit)
            return Transmit(lab.Stack, HostLab.TapName, marker, tapSide, $"TAP fd: {lab.TapOptions}");
        // Without IFF_VNET_HDR a write carries no header, so the frame goes with a complete checksum.
        return Receive(lab.Stack, HostLab.TapName, marker, needsCsum: c.PeerOffload, (frame, header) =>
        {
            frame.CopyTo(tapSide.FrameSpace);
            tapSide.Send(header, frame.Length);
            return $"wrote {frame.Length} B{(header.IsZero ? "" : $" with {header}")} to the TAP fd ({lab.TapOptions})";
        });
    }

    private static Observation ObserveVale()
    {
        using var ns = NetNamespace.Create("netmap-vale");
        return ns.Run(() =>
        {
            var portName = $"{ValeSwitch}:p0";
            // REGISTER creates the ephemeral port; PORT_HDR_SET finds only ports that exist.
            using var port = NetmapPort.Open(portName);
            using var control = NetmapControl.Open();
            var observed = new Observation();
            observed.Aspects[NetmapAspects.FreshPortHeader] = control.GetHeaderLength(portName).ToString(CultureInfo.InvariantCulture);
            foreach (var length in NetmapHostScenario.ValeHeaderLengths)
            {
                var refusal = TrySetHeaderLength(control, portName, length);
                observed.Aspects[NetmapAspects.PortHeaderSet(length)] = NetmapAspects.HeaderSetOutcome(refusal, control.GetHeaderLength(portName));
            }
            observed.Aspects[NetmapAspects.UnopenedPortHeaderSet] =
                TrySetHeaderLength(control, $"{ValeSwitch}:nobody", VirtioNetHeader.MergeableSize) ?? NetmapAspects.Accepted;
            observed.Notes.Add($"{port}; {port.Info}");
            return observed;
        });
    }

    /// <summary>Injects a marked UDP frame with <paramref name="inject"/> (which says how) and takes it from the port's RX ring.</summary>
    private static Observation Receive(NetNamespace ns, string interfaceName, string marker, bool needsCsum, Func<byte[], VirtioNetHeader, string> inject)
    {
        var frame = NetmapAspects.MarkedUdpFrame(LabAddresses.GuestToStack(IpFamily.IPv4), marker,
            needsCsum ? L4ChecksumMode.Partial : L4ChecksumMode.Complete, out var built);
        var header = needsCsum ? built.OffloadHeader() : default;
        return WithPort(ns, interfaceName, (port, observed) =>
        {
            var headerLength = ns.Run(() =>
            {
                using var control = NetmapControl.Open();
                return control.GetHeaderLength(interfaceName);
            });
            observed.Aspects[NetmapAspects.PortHeader] = NetmapAspects.HeaderLengthWords(headerLength);
            observed.Notes.Add(inject(frame, header));
            NetmapAspects.AddReceived(observed, NetmapAspects.ReceiveMarked(left => port.Receive(NetmapAspects.LeadingBytes, left), marker), frame);
        });
    }

    /// <summary>Sends a marked UDP frame through the port's TX ring and looks for it at <paramref name="peer"/>.</summary>
    private static Observation Transmit(NetNamespace ns, string interfaceName, string marker, IFrameSource peer, string peerDescription)
    {
        var hwcsum = File.ReadAllText(GenericHwcsumPath).Trim();
        if (hwcsum != "0")
            throw new InvalidOperationException($"netmap's generic_hwcsum is {hwcsum}: the TX cells document netmap's default 0 (a CHECKSUM_NONE skb " +
                                                $"per slot, nm_os_generic_xmit_frame); run them with echo 0 > {GenericHwcsumPath}");
        // Addressed to the guest MAC: the TAP reader finds a frame's start by that destination (TapGuest).
        var frame = NetmapAspects.MarkedUdpFrame(LabAddresses.GuestToStack(IpFamily.IPv4).Reversed(), marker, L4ChecksumMode.Complete, out _);
        return WithPort(ns, interfaceName, (port, observed) =>
        {
            port.Transmit(frame, NetmapAspects.FrameWait);
            observed.Notes.Add($"sent {frame.Length} B on the TX ring (generic_hwcsum {hwcsum}); peer: {peerDescription}");
            NetmapAspects.AddSeen(observed, peer, marker, frame, NetmapAspects.PeerHeader, NetmapAspects.PeerFrame);
        });
    }

    /// <summary>Registers netmap:<paramref name="interfaceName"/> in <paramref name="ns"/> with the emulated adapter, lets <paramref name="observe"/> use it, closes it.</summary>
    private static Observation WithPort(NetNamespace ns, string interfaceName, Action<NetmapPort, Observation> observe)
    {
        using var port = ns.Run(() => NetmapPort.Open($"netmap:{interfaceName}", NetmapAdapterMode.NETMAP_ADMODE_GENERIC));
        var observed = new Observation();
        observed.Aspects[NetmapAspects.Adapter] = port.Adapter.Kind.ToString();
        observed.Notes.Add($"netmap API {NetmapAbi.NETMAP_API}; {port.Adapter.Evidence}; {port.Info}");
        observe(port, observed);
        return observed;
    }

    /// <summary>
    /// Waits until <paramref name="name"/> is IFF_RUNNING. A veth end gets its carrier when its peer opens, and the
    /// end opened first is activated only by linkwatch, asynchronously (net/core/link_watch.c: linkwatch_do_dev sets the
    /// operstate and runs dev_activate in one pass under RTNL); until then its qdisc drops whatever is sent.
    /// </summary>
    private static void AwaitRunning(Rtnetlink net, string name)
    {
        var deadline = DateTime.UtcNow + LinkWait;
        while (!net.GetLink(name).Flags.HasFlag(NetDeviceFlags.IFF_RUNNING))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{name} in {net.Namespace} was not running within {LinkWait.TotalSeconds} s");
            Thread.Sleep(10);
        }
    }

    /// <summary>PORT_HDR_SET; the errno's name when netmap refuses it, null when it is accepted.</summary>
    private static string? TrySetHeaderLength(NetmapControl control, string port, int length)
    {
        try
        {
            control.SetHeaderLength(port, length);
            return null;
        }
        catch (SyscallException e)
        {
            return e.ErrnoName;
        }
    }
}
