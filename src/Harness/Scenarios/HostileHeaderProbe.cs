using System.Net;
using System.Net.Sockets;
using Vnetconf.Interop;
using Vnetconf.Links;
using Vnetconf.Model;
using Vnetconf.Packets;

namespace Vnetconf.Scenarios;

/// <summary>
/// Writes one hostile case into a fresh write-path lab and classifies what happened: rejected by write(),
/// dropped after it, or delivered to the far UDP socket. A capture on tap0 shows the frame the kernel read out
/// of the write, and the lab's counters, read before and after, where a dropped one was lost.
/// </summary>
internal static class HostileHeaderProbe
{
    private static readonly TimeSpan MarkerTimeout = TimeSpan.FromSeconds(3);
    private const int MarkerPayload = 16;

    public static Observation Observe(HostileHeaderScenario hostile, KernelVersion kernel)
    {
        using var lab = HostLab.ForWritePath(new TapOptions(VnetHeader: true, hostile.HeaderSize), new NicOptions());
        var far = lab.FarOrThrow;
        using var receiver = LabSockets.Open(far, new IPEndPoint(LabAddresses.StackIPv4, LabAddresses.StackPort), SocketType.Dgram);
        // In the stack namespace, not the far one: a packet socket on wire0 would take the frames the far kernel
        // has no handler for, and the drop counters there would no longer move. Without PACKET_VNET_HDR, which
        // fails recvmsg with EINVAL for a UFO skb (virtio_net_hdr_from_skb knows no SKB_GSO_UDP): only the frame matters here.
        using var tapSide = new PacketCapture(PacketSocket.Open(lab.Stack, HostLab.TapName, vnetHeader: false, auxData: false));
        var tapIndex = lab.StackNetlink.GetLink(HostLab.TapName).Index;
        if (hostile.TapDown) lab.StackNetlink.SetUp(tapIndex, false);

        var bytes = hostile.Compose(new HostileFrames(HostileHeaderScenario.Flow));
        var before = LabCounters.Read(lab);

        var observation = new Observation();
        // The case's frame and the marker from one CPU: see CpuPin for why that keeps them in order past the TAP.
        // Taken before the try: only the writes' own errors are the case's outcome.
        using var pin = CpuPin.CurrentThread();
        string outcome;
        try
        {
            var written = lab.Tap.Write(bytes);
            // "Dropped" is concluded when a well-formed datagram written after the case's frame has arrived, not after
            // a silence: the writes take the same path in order, and the socket verifies queued checksums before it
            // hands out the marker, so by then the frame was delivered or lost, and counted where it was lost.
            lab.Tap.Write(Marker(hostile.HeaderSize));
            var (delivered, _) = LabSockets.ReceiveUntilMarker(receiver, LabAddresses.MarkerPort, MarkerTimeout);
            outcome = delivered > 0 ? HostileHeaderScenario.Delivered : HostileHeaderScenario.Dropped;
            observation.Notes.Add($"write() returned {written} of {bytes.Length}");
            // Read only after an accepted write: a rejected one left no frame, and on a TAP that is down recvmsg fails with ENETDOWN.
            // The frames the kernel sends toward the guest are Outgoing on tap0; the others are what it read from the
            // case's write and then the marker's (the capture sees them in the order written), so the case's frame is
            // the one before the marker, if the kernel read one at all.
            if (tapSide.ReceiveUntilMarker(f => f.Direction != PacketDirection.Outgoing, IsMarker, MarkerTimeout) is [var fromTap])
            {
                observation.Frames.Add(fromTap);
                observation.Aspects[DropAspects.TapFrame] = DropAspects.FrameWords(fromTap.Bytes);
            }
        }
        catch (SyscallException e)
        {
            outcome = FrameAspects.Rejected(e.ErrnoName);
        }
        observation.Aspects[HostileHeaderScenario.Outcome] = outcome;

        var deltas = LabCounters.Read(lab).Since(before);
        if (hostile.DropOn(kernel) is { } drop) observation.Aspects[DropAspects.Counter] = drop.Observed(deltas);
        observation.Notes.Add(deltas.ToString());
        return observation;
    }

    private static byte[] Marker(int headerSize) =>
        HostileFrames.Compose(default, headerSize,
            new HostileFrames(HostileHeaderScenario.Flow with { SourcePort = LabAddresses.MarkerPort }).Udp(MarkerPayload, L4ChecksumMode.Complete).Frame);

    private static bool IsMarker(CapturedFrame frame) =>
        frame.Direction != PacketDirection.Outgoing && frame.BelongsTo(IPProtocol.Udp, LabAddresses.MarkerPort, LabAddresses.StackPort);
}
