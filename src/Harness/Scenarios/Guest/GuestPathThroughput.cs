using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Vnetconf.Guest;

namespace Vnetconf.Scenarios;

/// <summary>
/// Bulk TCP through virtio-net, timed: from the guest's socket to a far-end server (TX), or from the far end to a
/// receiver in the guest (RX), over [guest eth0] ─ QEMU ─ tap0 ─ br0 ─ nic0 ══ wire0 [far]. Each trial sends for a
/// bounded time and at most a bounded number of bytes, and ends when the receiver has read the stream to its end.
/// The sample's bytes are what the receiving socket read (goodput: no headers, no retransmissions, so a TAP that
/// drops and a TCP that resends cannot flatter a row); its frames are what the host side counted at the hop where the
/// path meets the far end (wire0 rx for TX) or the guest's backend (tap0 tx for RX), which shows whether the path
/// carried super-frames; its time runs from the request to the end of the stream, connection set-up included.
/// </summary>
public static class GuestPathThroughput
{
    /// <summary>NETIF_F_TSO's ethtool name (`ethtool -K eth0 tso`, IPv4 TCP segmentation).</summary>
    public const string GuestTsoFeature = "tx-tcp-segmentation";

    /// <summary>The ethtool group `ethtool -K eth0 tx` names; TSO depends on it (netdev_fix_features drops TSO without checksum offload).</summary>
    public const string GuestChecksumGroup = "tx-checksumming";

    /// <summary>How long a stream may take to end past its sending time: the socket buffers drain at the path's own, slow, pace under TCG.</summary>
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Turns the guest's TSO on (with the checksum offload it depends on) or off (checksum offload kept, so only
    /// segmentation moves: into the guest's software GSO at its driver); returns whether TSO is active afterwards,
    /// which it cannot be when the device offers no HOST_TSO4 (a TAP without vnet_hdr).
    /// </summary>
    public static bool SetGuestTso(AgentClient agent, bool on)
    {
        agent.SetEthtool(GuestPathProbe.GuestInterface, new Dictionary<string, bool> { [GuestChecksumGroup] = true, [GuestTsoFeature] = on });
        return agent.EthtoolFeatures(GuestPathProbe.GuestInterface).TryGetValue(GuestTsoFeature, out var tso) && tso.Active;
    }

    /// <summary>One TX trial: the guest sends for <paramref name="duration"/> (at most <paramref name="maxBytes"/>) to a server on wire0's address.</summary>
    public static ThroughputSample Transmit(GuestLab guest, TimeSpan duration, long maxBytes)
    {
        var far = guest.Lab.FarOrThrow;
        var server = new IPEndPoint(LabAddresses.StackIPv4, LabAddresses.StackPort);
        using var listener = LabSockets.Open(far, server, SocketType.Stream);
        listener.Listen(1);
        var before = WireArrivals(guest.Lab);
        var clock = Stopwatch.StartNew();
        var received = Task.Run(() => LabSockets.ReadStream(listener, Drain));
        AgentTrafficReport sent;
        try
        {
            sent = guest.Agent.SendTcp(server, maxBytes, Drain, sendFor: duration);
        }
        catch (AgentException e)
        {
            throw Stalled(guest, "guest TX", e);
        }
        if (!received.Wait(Drain))
            throw Stalled(guest, "guest TX", new TimeoutException($"the far server did not see the guest's stream end within {Drain.TotalSeconds} s of the guest's last send"));
        var elapsed = clock.Elapsed;
        return Sample(sent.Bytes, received.Result, WireArrivals(guest.Lab) - before, elapsed, "guest TX");
    }

    /// <summary>One RX trial: the far end sends for <paramref name="duration"/> (at most <paramref name="maxBytes"/>) to a receiver in the guest.</summary>
    public static ThroughputSample Receive(GuestLab guest, TimeSpan duration, long maxBytes)
    {
        var receiver = guest.Agent.StartReceiver(AgentProtocol.Tcp, LabAddresses.GuestPort);
        var before = TapDepartures(guest.Lab);
        var clock = Stopwatch.StartNew();
        // Port 0: each trial's sender takes a fresh port, so the previous trial's TIME_WAIT cannot refuse its bind.
        var sent = Task.Run(() => LabSockets.SendStream(guest.Lab.FarOrThrow, new IPEndPoint(LabAddresses.StackIPv4, 0),
            new IPEndPoint(LabAddresses.GuestIPv4, LabAddresses.GuestPort), maxBytes, Drain, sendFor: duration));
        AgentTrafficReport received;
        try
        {
            received = guest.Agent.CollectReceiver(receiver, Drain);
        }
        catch (AgentException e)
        {
            throw Stalled(guest, "guest RX", e);
        }
        var elapsed = clock.Elapsed;
        try
        {
            if (!sent.Wait(Drain))
                throw Stalled(guest, "guest RX", new TimeoutException($"the far end could not end its stream within {Drain.TotalSeconds} s"));
        }
        catch (AggregateException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.TimedOut } blocked)
        {
            throw Stalled(guest, "guest RX", blocked); // the far end's send made no progress: the guest stopped taking the stream
        }
        return Sample(sent.Result, received.Bytes, TapDepartures(guest.Lab) - before, elapsed, "guest RX");
    }

    private static ThroughputSample Sample(long sent, long received, ulong frames, TimeSpan elapsed, string direction)
    {
        if (received != sent) throw new InvalidOperationException($"{direction}: {sent} bytes sent but {received} read; a throughput without every byte is no measure");
        return new ThroughputSample((long)frames, received, elapsed);
    }

    /// <summary>A trial whose stream stopped moving, with the host's side of it: the path's counters and the guest's console (a kernel's complaint lands there).</summary>
    private static StalledTrialException Stalled(GuestLab guest, string direction, Exception stalled) =>
        new($"{direction} stalled: {stalled.Message}; host: {PathCounters(guest.Lab)}\nguest console:\n{guest.ConsoleTail(20)}", stalled);

    /// <summary>The host's hops of the path, for a stalled trial: where the frames stopped (each link as rx/tx packets and drops).</summary>
    private static string PathCounters(HostLab lab) =>
        $"{HostLab.TapName} {lab.StackNetlink.GetLink(HostLab.TapName).Stats.PacketsAndDrops()}; {HostLab.WireName} {lab.WireStats().PacketsAndDrops()}";

    /// <summary>Frames that reached the far end: the guest's data segments (its ACKs go the other way).</summary>
    private static ulong WireArrivals(HostLab lab) => lab.WireStats().RxPackets;

    /// <summary>Frames the TAP handed to the guest's backend (QEMU reads them): the far end's data segments toward the guest.</summary>
    private static ulong TapDepartures(HostLab lab) => lab.StackNetlink.GetLink(HostLab.TapName).Stats.TxPackets;
}
