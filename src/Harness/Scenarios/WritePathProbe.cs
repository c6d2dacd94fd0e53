using System.Net;
using System.Net.Sockets;
using Vnetconf.Interop;
using Vnetconf.Model;
using Vnetconf.Packets;

namespace Vnetconf.Scenarios;

/// <summary>
/// Runs one write-path scenario: the harness writes as the guest into the TAP; the far end's AF_PACKET capture
/// and its UDP/TCP sockets say what crossed the bridge and the NIC, and what an application received.
/// Every cell ends on an event, not on a silence: after the cell's frames the harness writes a well-formed marker
/// datagram along the same path, and what had not reached the capture or the socket when the marker did never will.
/// </summary>
internal static class WritePathProbe
{
    /// <summary>Only for a broken path: the marker crosses the lab in well under a millisecond.</summary>
    private static readonly TimeSpan MarkerTimeout = TimeSpan.FromSeconds(3);
    private const int MarkerPayload = 16;

    /// <param name="kernel">the kernel the cell is judged for: it names the counter a dropped datagram moves</param>
    public static Observation Observe(WritePathScenario scenario, KernelVersion kernel)
    {
        using var lab = HostLab.ForWritePath(new TapOptions(VnetHeader: true, HeaderSize: scenario.TapHeaderSize), scenario.Nic);
        var observation = scenario.Tunnelled ? ObserveTunnel(lab, scenario) : Observe(lab, scenario, kernel);
        observation.Aspects[FrameAspects.NicOffloads] = NicState.Read(lab.Stack, HostLab.NicName).ToString();
        return observation;
    }

    private static Observation Observe(HostLab lab, WritePathScenario scenario, KernelVersion kernel)
    {
        var observation = new Observation();
        var guest = new TapGuest(lab.Tap, LabAddresses.GuestMac);
        var far = lab.FarOrThrow;
        using var capture = PacketCapture.Open(far, HostLab.WireName);
        var flow = LabAddresses.GuestToStack(scenario.Family);
        var before = LabCounters.Read(lab);
        // Bound in every cell, so that the marker is delivered to an application (a TCP cell's would draw an ICMP error).
        using var receiver = LabSockets.Open(far, new IPEndPoint(LabAddresses.Stack(scenario.Family), LabAddresses.StackPort), SocketType.Dgram);

        // The cell's frames and the marker from one CPU: see CpuPin for why that keeps them in order past the TAP.
        using (CpuPin.CurrentThread())
        {
            if (scenario.Kind == WriteFrameKind.TcpGso)
            {
                // The stream's own event: the far application read every byte (or its read timed out).
                var received = SendTcpGso(lab, guest, flow, scenario.Family);
                observation.Aspects[FrameAspects.Delivery] = FrameAspects.StreamDelivery(received, WritePathCatalogue.TcpBytes);
                SendMarker(guest, flow);
            }
            else
            {
                observation.Aspects[FrameAspects.TapWrite] = SendUdp(guest, flow, scenario.Kind);
                SendMarker(guest, flow);
                // The socket verifies a queued datagram's checksum before it hands out the next one, so by the marker a
                // datagram dropped for its checksum has been counted.
                var (datagrams, bytes) = LabSockets.ReceiveUntilMarker(receiver, LabAddresses.MarkerPort, MarkerTimeout);
                observation.Aspects[FrameAspects.Delivery] = FrameAspects.DatagramDelivery(datagrams, bytes);
            }
        }

        var protocol = scenario.Kind == WriteFrameKind.TcpGso ? IPProtocol.Tcp : IPProtocol.Udp;
        observation.Frames.AddRange(capture.ReceiveUntilMarker(
            f => f.Direction != PacketDirection.Outgoing && f.BelongsTo(protocol, flow.SourcePort, flow.DestinationPort) &&
                 f.Parsed.Source == flow.SourceIP && f.Parsed.PayloadLength > 0,
            f => f.Direction != PacketDirection.Outgoing && f.BelongsTo(IPProtocol.Udp, LabAddresses.MarkerPort, flow.DestinationPort),
            MarkerTimeout));
        observation.Aspects[FrameAspects.Segmentation] = FrameAspects.SegmentsOf(observation.Frames);
        observation.Aspects[FrameAspects.Checksum] = FrameAspects.ChecksumOf(observation.Frames);
        observation.Aspects[FrameAspects.AuxData] = FrameAspects.AuxStatusOf(observation.Frames);

        var deltas = LabCounters.Read(lab).Since(before);
        if (WritePathCatalogue.ChecksumCounter(scenario, kernel) is { } counter) observation.Aspects[DropAspects.Counter] = counter.Observed(deltas);
        observation.Notes.Add(deltas.ToString());
        return observation;
    }

    /// <summary>
    /// A tunnel cell: the far end decapsulates with a VXLAN link of its own and a socket on the inner stack address
    /// receives; wire0's capture sees the outer frames, judged after their outer and VXLAN headers. The marker is a
    /// small tunnelled datagram from <see cref="LabAddresses.MarkerPort"/>, outer and inner.
    /// </summary>
    private static Observation ObserveTunnel(HostLab lab, WritePathScenario scenario)
    {
        var observation = new Observation();
        lab.AddVxlan(scenario.Family, outerChecksum: false);
        var guest = new TapGuest(lab.Tap, LabAddresses.GuestMac);
        var outer = LabAddresses.GuestToStack(scenario.Family) with { DestinationPort = VxlanHeader.Port };
        var inner = LabAddresses.GuestToStackInTunnel(scenario.Family);
        using var capture = PacketCapture.Open(lab.FarOrThrow, HostLab.WireName);
        var before = LabCounters.Read(lab);
        using var receiver = LabSockets.Open(lab.FarOrThrow, new IPEndPoint(LabAddresses.TunnelStack(scenario.Family), LabAddresses.StackPort), SocketType.Dgram);

        using (CpuPin.CurrentThread())
        {
            var built = FrameBuilder.VxlanUdp(guest.FrameSpace, outer, LabAddresses.TunnelVni, inner,
                GuestTcp.Pattern[..WritePathCatalogue.SegmentedBytes], L4ChecksumMode.Partial);
            var header = built.OffloadHeader(VirtioGsoType.UdpL4, WritePathCatalogue.SegmentSize);
            // A header too short for the tunnel offsets carries the rest of the same header.
            if (guest.HeaderSize < VirtioNetHeader.TunnelSize) header = header with { OuterThOffset = 0, InnerNhOffset = 0 };
            observation.Aspects[FrameAspects.TapWrite] = FrameAspects.OutcomeOf(() => guest.Send(header, built.Length));
            var marker = FrameBuilder.VxlanUdp(guest.FrameSpace, outer with { SourcePort = LabAddresses.MarkerPort }, LabAddresses.TunnelVni,
                inner with { SourcePort = LabAddresses.MarkerPort }, GuestTcp.Pattern[..MarkerPayload], L4ChecksumMode.Complete);
            guest.Send(default, marker.Length);
            var (datagrams, bytes) = LabSockets.ReceiveUntilMarker(receiver, LabAddresses.MarkerPort, MarkerTimeout);
            observation.Aspects[FrameAspects.Delivery] = FrameAspects.DatagramDelivery(datagrams, bytes);
        }

        var tunnelled = capture.ReceiveUntilMarker(
            f => f.Direction != PacketDirection.Outgoing && f.BelongsTo(IPProtocol.Udp, outer.SourcePort, VxlanHeader.Port),
            f => f.Direction != PacketDirection.Outgoing && f.BelongsTo(IPProtocol.Udp, LabAddresses.MarkerPort, VxlanHeader.Port),
            MarkerTimeout);
        observation.Frames.AddRange(tunnelled);
        var innerFrames = tunnelled.Select(f => f.VxlanInner()!).ToArray();
        observation.Aspects[FrameAspects.Segmentation] = FrameAspects.SegmentsOf(innerFrames);
        observation.Aspects[FrameAspects.Checksum] = FrameAspects.ChecksumOf(innerFrames);
        observation.Aspects[FrameAspects.AuxData] = FrameAspects.AuxStatusOf(tunnelled);

        observation.Notes.Add(LabCounters.Read(lab).Since(before).ToString());
        return observation;
    }

    /// <summary>Writes the cell's datagram; returns what write() did (a kernel may refuse a header it does not know).</summary>
    private static string SendUdp(TapGuest guest, FlowEndpoints flow, WriteFrameKind kind)
    {
        var gso = kind == WriteFrameKind.UdpL4Gso;
        var payload = gso ? WritePathCatalogue.SegmentedBytes : WritePathCatalogue.UdpPayload;
        var mode = kind == WriteFrameKind.UdpNeedsCsumGarbage ? L4ChecksumMode.Garbage(WritePathCatalogue.GarbageChecksum) : L4ChecksumMode.Partial;
        var built = FrameBuilder.Udp(guest.FrameSpace, flow, GuestTcp.Pattern[..payload], mode);
        return FrameAspects.OutcomeOf(() =>
            guest.Send(gso ? built.OffloadHeader(VirtioGsoType.UdpL4, WritePathCatalogue.SegmentSize) : built.OffloadHeader(), built.Length));
    }

    /// <summary>A small datagram with a complete checksum and no offload, from <see cref="LabAddresses.MarkerPort"/>.</summary>
    private static void SendMarker(TapGuest guest, FlowEndpoints flow)
    {
        var built = FrameBuilder.Udp(guest.FrameSpace, flow with { SourcePort = LabAddresses.MarkerPort }, GuestTcp.Pattern[..MarkerPayload], L4ChecksumMode.Complete);
        guest.Send(default, built.Length);
    }

    /// <summary>Connects to a far TCP listener through the TAP and sends one GSO super-frame; returns the bytes the far application read.</summary>
    private static long SendTcpGso(HostLab lab, TapGuest guest, FlowEndpoints flow, IpFamily family)
    {
        var far = lab.FarOrThrow;
        using var listener = LabSockets.Open(far, new IPEndPoint(LabAddresses.Stack(family), LabAddresses.StackPort), SocketType.Stream);
        listener.Listen(1);
        var accept = listener.AcceptAsync();

        var tcp = GuestTcp.Connect(guest, flow, LabAddresses.Mss(family), TimeSpan.FromSeconds(3));
        if (!accept.Wait(TimeSpan.FromSeconds(3))) throw new TimeoutException("the far listener did not accept the guest's connection");
        using var server = accept.Result;
        tcp.Send(WritePathCatalogue.TcpBytes, LabAddresses.Mss(family));

        var buffer = new byte[WritePathCatalogue.TcpBytes];
        long received = 0;
        server.ReceiveTimeout = 3000;
        try
        {
            while (received < WritePathCatalogue.TcpBytes)
            {
                var n = server.Receive(buffer);
                if (n == 0) break;
                received += n;
            }
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut)
        {
            // fewer bytes than sent: the delivery aspect reports how many
        }
        return received;
    }
}
