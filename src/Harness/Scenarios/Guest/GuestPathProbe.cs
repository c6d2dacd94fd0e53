using System.Net;
using System.Net.Sockets;
using Vnetconf.Guest;
using Vnetconf.Interop;
using Vnetconf.Links;
using Vnetconf.Model;
using Vnetconf.Packets;

namespace Vnetconf.Scenarios;

/// <summary>
/// Runs one guest-path cell on a guest that is already booted on <see cref="HostLab.ForWritePath(TapOptions, NicOptions)"/>'s TAP and has the
/// lab's guest address: sets the veth pair's offloads (no reboot needed, they live outside the guest), drives bulk
/// traffic through the guest's real sockets, and observes with AF_PACKET where the traffic arrives — at wire0 in
/// the far namespace for guest TX, in the guest on eth0 for guest RX.
/// </summary>
internal static class GuestPathProbe
{
    public const string GuestInterface = "eth0";

    /// <summary>NETIF_F_GRO's ethtool name (`ethtool -K eth0 gro`).</summary>
    public const string GuestGroFeature = "rx-gro";

    /// <summary>NETIF_F_GRO_HW's: virtio_net ties GUEST_TSO4/6 to it.</summary>
    public const string GuestGroHwFeature = "rx-gro-hw";

    /// <summary>
    /// How long a transfer, or the marker behind it, may take before the path counts as broken: only a failure waits
    /// this long. Every cell ends on an event — the stream's end, then a marker datagram from
    /// <see cref="LabAddresses.MarkerPort"/> sent after the traffic along the same path, seen by the receiving socket
    /// and by the capture — never on a quiet period.
    /// </summary>
    private static readonly TimeSpan TransferTimeout = TimeSpan.FromSeconds(20);

    /// <summary>Enough for 256 KiB in MTU frames, the ACKs of the other direction, and a margin.</summary>
    private const int MaxCapturedFrames = 4096;

    public static (Observation Observed, GuestPathConditions Conditions) Observe(HostLab lab, AgentClient agent, GuestPathScenario scenario)
    {
        lab.SetNicOffloads(scenario.Nic);
        lab.SetWireOffloads(scenario.Nic);
        agent.SetEthtool(GuestInterface, new Dictionary<string, bool> { [GuestGroFeature] = GuestGroDuring(scenario) });
        var conditions = ReadConditions(lab, agent);
        var observation = new Observation();
        // nic0 carries guest TX, wire0 the far end's traffic toward the guest: the one that matters is compared.
        observation.Aspects[FrameAspects.NicOffloads] = (scenario.Direction == GuestPathDirection.Transmit ? conditions.Nic : conditions.Wire).ToString();
        if (scenario.Tunnelled) ObserveTunnel(lab, agent, scenario, observation);
        else ObservePlain(lab, agent, scenario, observation);
        observation.Notes.Insert(0, conditions.ToString());
        return (observation, conditions);
    }

    private static void ObservePlain(HostLab lab, AgentClient agent, GuestPathScenario scenario, Observation observation)
    {
        if (scenario.Direction == GuestPathDirection.Transmit)
        {
            ObserveTransmit(lab, agent, scenario.Protocol, scenario.Family, observation);
            observation.Aspects[FrameAspects.AuxData] = FrameAspects.AuxStatusOf(observation.Frames);
        }
        else ObserveReceive(lab, agent, scenario.Protocol, scenario.Family, observation);
        observation.Aspects[FrameAspects.Checksum] = FrameAspects.ChecksumOf(observation.Frames);
        observation.Aspects[FrameAspects.Segmentation] = scenario.Protocol == IPProtocol.Tcp
            ? FrameAspects.StreamShapeOf(observation.Frames)
            : FrameAspects.SegmentsOf(observation.Frames);
    }

    /// <summary>
    /// A tunnel cell: both ends get their VXLAN link (once per lab and guest), the datagram crosses, and the frames are
    /// judged inside the tunnel (the header and the checksum status describe the whole skb). The lab's and the guest's
    /// eth0 counters are the evidence; what the guest's virtio_net refuses to take from QEMU it counts in rx_frame_errors.
    /// </summary>
    private static void ObserveTunnel(HostLab lab, AgentClient agent, GuestPathScenario scenario, Observation observation)
    {
        lab.AddVxlan(scenario.Family, outerChecksum: false);
        agent.AddVxlan(LabAddresses.Guest(scenario.Family));
        var before = LabCounters.Read(lab);
        var guestBefore = agent.LinkCounters(GuestInterface);
        var transmit = scenario.Direction == GuestPathDirection.Transmit;
        if (transmit) ObserveTunnelTransmit(lab, agent, scenario.Family, observation);
        else ObserveTunnelReceive(lab, agent, scenario.Family, observation);

        var inner = observation.Frames.Select(f => f.VxlanInner()!).ToArray();
        observation.Aspects[FrameAspects.Checksum] = FrameAspects.ChecksumOf(inner);
        observation.Aspects[FrameAspects.Segmentation] = FrameAspects.SegmentsOf(inner);
        if (transmit) observation.Aspects[FrameAspects.AuxData] = FrameAspects.AuxStatusOf(observation.Frames);
        observation.Notes.Add(LabCounters.Read(lab).Since(before).ToString());
        var guest = CounterDeltas.Between(guestBefore, agent.LinkCounters(GuestInterface), GuestCounterPrefix);
        observation.Notes.Add(guest.ToString());
        if (!transmit) observation.Aspects[DropAspects.Counter] = DropAspects.CounterWords(GuestPathCatalogue.GuestFrameErrors, guest[GuestPathCatalogue.GuestFrameErrors]);
    }

    /// <summary>How the guest's eth0 counters are named beside the lab's: "guest eth0 rx_frame_errors".</summary>
    public const string GuestCounterPrefix = $"guest {GuestInterface} ";

    /// <summary>The guest's socket sends one UDP GSO datagram through its VXLAN link; wire0's capture sees the outer frames.</summary>
    private static void ObserveTunnelTransmit(HostLab lab, AgentClient agent, IpFamily family, Observation observation)
    {
        var far = lab.FarOrThrow;
        var server = new IPEndPoint(LabAddresses.TunnelStack(family), LabAddresses.StackPort);
        using var capture = PacketCapture.Open(far, HostLab.WireName);
        using var receiver = LabSockets.Open(far, server, SocketType.Dgram);
        agent.SendUdp(server, GuestPathCatalogue.TunnelBytes, GuestPathCatalogue.TunnelBytes, TransferTimeout, segmentSize: GuestPathCatalogue.UdpDatagramSize);
        agent.SendMarker(server, LabAddresses.MarkerPort);
        var (datagrams, bytes) = LabSockets.ReceiveUntilMarker(receiver, LabAddresses.MarkerPort, TransferTimeout);
        observation.Aspects[FrameAspects.Delivery] = FrameAspects.DatagramDelivery(datagrams, bytes);
        observation.Frames.AddRange(capture.ReceiveUntilMarker(
            f => f.Direction != PacketDirection.Outgoing && f.VxlanInner() is { } inner && IsData(inner, IPProtocol.Udp, LabAddresses.StackPort),
            f => f.Direction != PacketDirection.Outgoing && f.VxlanInner() is { } inner && inner.BelongsTo(IPProtocol.Udp, LabAddresses.MarkerPort, LabAddresses.StackPort),
            TransferTimeout));
    }

    /// <summary>A far-end socket sends one UDP GSO datagram through the far VXLAN link; the guest's capture on eth0 sees the outer frames.</summary>
    private static void ObserveTunnelReceive(HostLab lab, AgentClient agent, IpFamily family, Observation observation)
    {
        var far = lab.FarOrThrow;
        var guest = new IPEndPoint(LabAddresses.TunnelGuest(family), LabAddresses.GuestPort);
        var receiver = agent.StartReceiver(AgentProtocol.Udp, LabAddresses.GuestPort);
        var capture = agent.StartCapture(GuestInterface, vnetHeader: true);
        var local = new IPEndPoint(LabAddresses.TunnelStack(family), LabAddresses.StackPort);
        using (var sender = LabSockets.Open(far, local, SocketType.Dgram))
        {
            LabSockets.SetUdpSegment(sender, GuestPathCatalogue.UdpDatagramSize);
            sender.SendTo(GuestTcp.Pattern[..GuestPathCatalogue.TunnelBytes], guest);
        }
        LabSockets.SendMarker(far, local.Address, guest);
        var received = agent.CollectReceiverUntilMarker(receiver, LabAddresses.MarkerPort, TransferTimeout);
        observation.Aspects[FrameAspects.Delivery] = FrameAspects.DatagramDelivery(received.Calls, received.Bytes);
        observation.Frames.AddRange(CollectGuestCapture(agent, capture, f => f.VxlanInner() is { } inner && IsData(inner, IPProtocol.Udp, LabAddresses.GuestPort)));
    }

    /// <summary>
    /// The guest's AF_PACKET taps skbs after its GRO. For TCP received, GRO would merge MTU frames into super-frames of
    /// its own (tcp_gro_complete) as NAPI batching happens to allow, so those cells turn it off to see what
    /// virtio-net delivered. Every other cell keeps the guest's default (on): a plain UDP socket's datagrams are never
    /// merged (udp4_gro_receive), GRO only verifies their checksums, which the DATA_VALID flag then shows. A tunnel cell's
    /// frames meet VXLAN's GRO, which would verify and mark them too, so those cells turn it off as well.
    /// </summary>
    public static bool GuestGroDuring(GuestPathScenario scenario) =>
        !(scenario.Direction == GuestPathDirection.Receive && (scenario.Protocol == IPProtocol.Tcp || scenario.Tunnelled));

    private static GuestPathConditions ReadConditions(HostLab lab, AgentClient agent)
    {
        var eth0 = agent.EthtoolFeatures(GuestInterface);
        bool Active(string name) => eth0.TryGetValue(name, out var feature) && feature.Active;
        return new GuestPathConditions(agent.VirtioNetFeatures().Features, Active(GuestGroHwFeature), Active(GuestGroFeature),
            NicState.Read(lab.Stack, HostLab.NicName), NicState.Read(lab.FarOrThrow, HostLab.WireName));
    }

    /// <summary>The guest's socket sends to a far-end server; wire0's capture sees what crossed the TAP, the bridge and nic0.</summary>
    private static void ObserveTransmit(HostLab lab, AgentClient agent, IPProtocol protocol, IpFamily family, Observation observation)
    {
        var far = lab.FarOrThrow;
        var server = new IPEndPoint(LabAddresses.Stack(family), LabAddresses.StackPort);
        using var capture = PacketCapture.Open(far, HostLab.WireName);
        if (protocol == IPProtocol.Tcp)
        {
            using var listener = LabSockets.Open(far, server, SocketType.Stream);
            listener.Listen(1);
            var received = Task.Run(() => LabSockets.ReadStream(listener, TransferTimeout));
            agent.SendTcp(server, GuestPathCatalogue.TcpBytes, TransferTimeout);
            if (!received.Wait(TransferTimeout)) throw new TimeoutException($"the far server did not see the guest's stream end within {TransferTimeout.TotalSeconds} s");
            observation.Aspects[FrameAspects.Delivery] = FrameAspects.StreamDelivery(received.Result, GuestPathCatalogue.TcpBytes);
            agent.SendMarker(server, LabAddresses.MarkerPort);
        }
        else
        {
            using var receiver = LabSockets.Open(far, server, SocketType.Dgram);
            agent.SendUdp(server, GuestPathCatalogue.UdpBytes, GuestPathCatalogue.UdpDatagramSize, TransferTimeout);
            agent.SendMarker(server, LabAddresses.MarkerPort);
            var (datagrams, bytes) = LabSockets.ReceiveUntilMarker(receiver, LabAddresses.MarkerPort, TransferTimeout);
            observation.Aspects[FrameAspects.Delivery] = FrameAspects.DatagramDelivery(datagrams, bytes);
        }
        observation.Frames.AddRange(capture.ReceiveUntilMarker(
            f => f.Direction != PacketDirection.Outgoing && IsData(f, protocol, LabAddresses.StackPort),
            f => f.Direction != PacketDirection.Outgoing && f.BelongsTo(IPProtocol.Udp, LabAddresses.MarkerPort, LabAddresses.StackPort), TransferTimeout));
    }

    /// <summary>A far-end socket sends to a receiver in the guest; the guest's own AF_PACKET capture on eth0 sees what virtio-net delivered.</summary>
    private static void ObserveReceive(HostLab lab, AgentClient agent, IPProtocol protocol, IpFamily family, Observation observation)
    {
        var far = lab.FarOrThrow;
        var guest = new IPEndPoint(LabAddresses.Guest(family), LabAddresses.GuestPort);
        var receiver = agent.StartReceiver(protocol == IPProtocol.Tcp ? AgentProtocol.Tcp : AgentProtocol.Udp, LabAddresses.GuestPort);
        var capture = agent.StartCapture(GuestInterface, vnetHeader: true);
        var local = new IPEndPoint(LabAddresses.Stack(family), LabAddresses.StackPort);
        if (protocol == IPProtocol.Tcp)
        {
            var send = Task.Run(() => LabSockets.SendStream(far, local, guest, GuestPathCatalogue.TcpBytes, TransferTimeout));
            var received = agent.CollectReceiver(receiver, TransferTimeout);
            if (!send.Wait(TransferTimeout)) throw new TimeoutException($"the far end could not send its stream within {TransferTimeout.TotalSeconds} s");
            observation.Aspects[FrameAspects.Delivery] = FrameAspects.StreamDelivery(received.Bytes, GuestPathCatalogue.TcpBytes);
            LabSockets.SendMarker(far, local.Address, guest);
        }
        else
        {
            using (var sender = LabSockets.Open(far, local, SocketType.Dgram))
            {
                for (var i = 0; i < GuestPathCatalogue.UdpDatagrams; i++)
                    sender.SendTo(GuestTcp.Pattern[..GuestPathCatalogue.UdpDatagramSize], guest);
            }
            LabSockets.SendMarker(far, local.Address, guest);
            var received = agent.CollectReceiverUntilMarker(receiver, LabAddresses.MarkerPort, TransferTimeout);
            observation.Aspects[FrameAspects.Delivery] = FrameAspects.DatagramDelivery(received.Calls, received.Bytes);
        }
        observation.Frames.AddRange(CollectGuestCapture(agent, capture, f => IsData(f, protocol, LabAddresses.GuestPort)));
    }

    /// <summary>The frames the guest's capture received before the marker that <paramref name="wanted"/> keeps.</summary>
    private static IEnumerable<CapturedFrame> CollectGuestCapture(AgentClient agent, int capture, Func<CapturedFrame, bool> wanted) =>
        agent.CollectCaptureUntilMarker(capture, MaxCapturedFrames, LabAddresses.MarkerPort, TransferTimeout)
            .Select(f => f.ToCapturedFrame(vnetHeader: true))
            .Where(f => f.Direction != PacketDirection.Outgoing && wanted(f));

    private static bool IsData(CapturedFrame frame, IPProtocol protocol, ushort destinationPort) =>
        frame.Parsed.HasTransportHeader && frame.Parsed.Protocol == protocol && frame.Parsed.DestinationPort == destinationPort &&
        frame.Parsed.PayloadLength > 0;
}
