using System.Net;
using System.Net.Sockets;
using Vnetconf.Interop;
using Vnetconf.Model;
using Vnetconf.Packets;

namespace Vnetconf.Scenarios;

/// <summary>
/// Runs one read-path scenario on a fresh lab and describes what the TAP reader saw. A UDP cell ends when a marker
/// datagram the stack sent after the cell's reaches the reader; a TCP cell when the guest has acknowledged every byte.
/// </summary>
internal static class ReadPathProbe
{
    /// <summary>The marker's payload, a size no cell sends: it is told apart by that alone (see <see cref="SendUdp"/>).</summary>
    private const int MarkerPayload = 7;

    /// <summary>Only for a broken path or a stalled stream: a frame crosses the lab in well under a millisecond.</summary>
    private static readonly TimeSpan FrameTimeout = TimeSpan.FromSeconds(3);

    public static Observation Observe(ReadPathScenario scenario)
    {
        using var lab = HostLab.ForReadPath(scenario.Tap);
        var guest = new TapGuest(lab.Tap, LabAddresses.GuestMac);
        var observation = new Observation();
        switch (scenario.Traffic)
        {
            case ReadTraffic.UdpDatagram:
                SendUdp(lab, scenario.Family, ReadPathCatalogue.UdpPayload, segmentSize: null);
                observation.Frames.AddRange(guest.ReceiveUntilMarker(IsCellUdp, IsMarker, FrameTimeout));
                observation.Aspects[FrameAspects.Segmentation] = FrameAspects.SegmentsOf(observation.Frames);
                break;
            case ReadTraffic.UdpSegment:
                observation.Aspects[FrameAspects.SocketSend] = SendUdp(lab, scenario.Family, ReadPathCatalogue.SegmentedBytes, ReadPathCatalogue.SegmentSize);
                observation.Frames.AddRange(guest.ReceiveUntilMarker(IsCellUdp, IsMarker, FrameTimeout));
                observation.Aspects[FrameAspects.Segmentation] = FrameAspects.SegmentsOf(observation.Frames);
                break;
            case ReadTraffic.TcpBulk:
                var received = StreamTcp(lab, guest, scenario.Family, observation.Frames);
                observation.Aspects[FrameAspects.Segmentation] = FrameAspects.StreamShapeOf(observation.Frames);
                observation.Aspects[FrameAspects.Delivery] = FrameAspects.StreamDelivery(received, ReadPathCatalogue.TcpBytes);
                break;
            case ReadTraffic.VxlanUdpSegment:
            case ReadTraffic.VxlanCsumUdpSegment:
                // The stack's VXLAN link carries the send to the guest's inner address; the frames are judged inside the tunnel.
                lab.AddVxlan(scenario.Family, outerChecksum: scenario.Traffic == ReadTraffic.VxlanCsumUdpSegment);
                observation.Aspects[FrameAspects.SocketSend] = SendUdp(lab, scenario.Family, ReadPathCatalogue.SegmentedBytes, ReadPathCatalogue.SegmentSize, tunnelled: true);
                observation.Frames.AddRange(guest.ReceiveUntilMarker(f => f.VxlanInner() is { } inner && IsCellUdp(inner), f => f.VxlanInner() is { } inner && IsMarker(inner), FrameTimeout));
                var innerFrames = observation.Frames.Select(f => f.VxlanInner()!).ToArray();
                observation.Aspects[FrameAspects.Segmentation] = FrameAspects.SegmentsOf(innerFrames);
                observation.Aspects[FrameAspects.Checksum] = FrameAspects.ChecksumOf(innerFrames);
                observation.Aspects[FrameAspects.Tunnel] = FrameAspects.TunnelOf(observation.Frames);
                break;
        }
        observation.Aspects[FrameAspects.Header] = FrameAspects.HeaderOf(observation.Frames);
        observation.Aspects.TryAdd(FrameAspects.Checksum, FrameAspects.ChecksumOf(observation.Frames));
        return observation;
    }

    private static bool IsOurUdp(CapturedFrame frame) => frame.BelongsTo(IPProtocol.Udp, LabAddresses.StackPort, LabAddresses.GuestPort);

    private static bool IsMarker(CapturedFrame frame) => IsOurUdp(frame) && frame.Parsed.PayloadLength == MarkerPayload;

    private static bool IsCellUdp(CapturedFrame frame) => IsOurUdp(frame) && !IsMarker(frame);

    /// <summary>
    /// Sends <paramref name="bytes"/> to the guest, then the marker on the same flow: the sends leave one thread in
    /// order, and one flow is one queue in the TAP's qdisc (fq_codel serves different flows in its own order).
    /// Returns what the cell's send did: a kernel may refuse a UDP_SEGMENT send the device cannot offload.
    /// </summary>
    /// <param name="tunnelled">from and to the inner addresses of the lab's VXLAN link (<see cref="HostLab.AddVxlan"/>)</param>
    private static string SendUdp(HostLab lab, IpFamily family, int bytes, int? segmentSize, bool tunnelled = false)
    {
        var (local, remote) = tunnelled ? (LabAddresses.TunnelStack(family), LabAddresses.TunnelGuest(family)) : (LabAddresses.Stack(family), LabAddresses.Guest(family));
        using var socket = LabSockets.Open(lab.Stack, new IPEndPoint(local, LabAddresses.StackPort), SocketType.Dgram);
        if (segmentSize is { } size) LabSockets.SetUdpSegment(socket, size);
        var guest = new IPEndPoint(remote, LabAddresses.GuestPort);
        socket.Connect(guest);
        var sent = SendReportingErrno(socket, GuestTcp.Pattern[..bytes].ToArray());
        // The marker leaves without UDP_SEGMENT, from the same socket (same flow, same order): a kernel before
        // KernelChanges.UdpGsoWithoutChecksumOffload refuses even a small datagram on a segmenting socket with EIO.
        if (segmentSize is not null) LabSockets.SetUdpSegment(socket, 0);
        socket.Send(GuestTcp.Pattern[..MarkerPayload]);
        return sent;
    }

    /// <summary>
    /// send(2) through libc, so a refusal reads as its errno: .NET maps errnos it has no SocketError for (EIO among
    /// them) to an opaque "Unknown socket error".
    /// </summary>
    private static string SendReportingErrno(Socket socket, byte[] data) => FrameAspects.OutcomeOf(() => Send(socket, data));

    private static unsafe void Send(Socket socket, byte[] data)
    {
        fixed (byte* bytes = data)
            Errno.Check((long)Tmds.Linux.LibC.send((int)socket.Handle, bytes, data.Length, 0), "send", "the stack's UDP socket");
    }

    /// <summary>
    /// The stack connects to the guest and writes <see cref="ReadPathCatalogue.TcpBytes"/>; the harness answers
    /// the handshake and acknowledges every data frame. Returns how many bytes reached the guest in order.
    /// </summary>
    private static long StreamTcp(HostLab lab, TapGuest guest, IpFamily family, List<CapturedFrame> dataFrames)
    {
        using var client = LabSockets.Open(lab.Stack, new IPEndPoint(LabAddresses.Stack(family), LabAddresses.StackPort), SocketType.Stream);
        var connect = client.ConnectAsync(new IPEndPoint(LabAddresses.Guest(family), LabAddresses.GuestPort));

        var syn = guest.ReceiveMatching(f => f.BelongsTo(IPProtocol.Tcp, LabAddresses.StackPort, LabAddresses.GuestPort), 1, TimeSpan.FromSeconds(2)).SingleOrDefault()
                  ?? throw new TimeoutException($"the stack's SYN to the guest never reached {lab.Tap}");
        var tcp = GuestTcp.Accept(guest, syn, LabAddresses.Mss(family));
        if (!connect.Wait(TimeSpan.FromSeconds(5)))
        {
            var after = new List<CapturedFrame>();
            while (after.Count < 8 && guest.Receive(TimeSpan.FromMilliseconds(200)) is { } f) after.Add(f);
            throw new TimeoutException($"the stack's connect() did not complete after the guest's SYN-ACK; the TAP then carried: {string.Join("; ", after.Select(f => $"{f} {f.Parsed.Protocol} {f.Parsed.Source}->{f.Parsed.Destination}"))}");
        }

        var firstByte = tcp.PeerNext;
        client.SendTimeout = 5000;
        var send = Task.Run(() => client.Send(GuestTcp.Pattern[..ReadPathCatalogue.TcpBytes]));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        // Ends when the guest has acknowledged every byte; a stream that stalls for FrameTimeout is reported short.
        while (tcp.PeerNext - firstByte < ReadPathCatalogue.TcpBytes && DateTime.UtcNow < deadline && guest.Receive(FrameTimeout) is { } frame)
        {
            if (!tcp.IsFromPeer(frame) || frame.Parsed.PayloadLength == 0) continue;
            dataFrames.Add(frame);
            if (frame.Parsed.Tcp.Sequence == tcp.PeerNext) tcp.Ack(frame.Parsed.Tcp.Sequence + (uint)frame.Parsed.PayloadLength);
            else tcp.Ack(); // out of order or a retransmission: repeat what we have
        }
        send.Wait(TimeSpan.FromSeconds(5));
        return tcp.PeerNext - firstByte;
    }
}
