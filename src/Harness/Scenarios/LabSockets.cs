using System.Net;
using System.Net.Sockets;
using Vnetconf.Interop;
using Vnetconf.Links;

namespace Vnetconf.Scenarios;

/// <summary>Kernel sockets at the lab's endpoints: born inside their namespace, bound, and read with a deadline.</summary>
public static class LabSockets
{
    /// <summary>A UDP (<see cref="SocketType.Dgram"/>) or TCP (<see cref="SocketType.Stream"/>) socket in <paramref name="ns"/>, bound to <paramref name="local"/>.</summary>
    public static Socket Open(NetNamespace ns, IPEndPoint local, SocketType type)
    {
        var socket = ns.Run(() => new LabSocket(local.AddressFamily, type, type == SocketType.Dgram ? ProtocolType.Udp : ProtocolType.Tcp));
        try
        {
            socket.Bind(local);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>A socket whose port is free again once its close returns, also while the suite starts a child process.</summary>
    private sealed class LabSocket(AddressFamily family, SocketType type, ProtocolType protocol) : Socket(family, type, protocol)
    {
        protected override void Dispose(bool disposing) => ProcessLaunch.CloseOutsideForkWindow(() => base.Dispose(disposing));
    }

    /// <summary>include/uapi/linux/udp.h: UDP_SEGMENT, the UDP GSO segment size of a socket's sends.</summary>
    private const int UdpSegmentOption = 103;

    /// <summary>Makes each send of <paramref name="socket"/> one UDP GSO skb cut into <paramref name="segmentSize"/> segments; 0 ends it.</summary>
    public static void SetUdpSegment(Socket socket, int segmentSize) =>
        socket.SetRawSocketOption((int)SocketOptionLevel.Udp, UdpSegmentOption, BitConverter.GetBytes(segmentSize));

    /// <summary>Accepts one connection on <paramref name="listener"/> and reads it to its end, each read within <paramref name="timeout"/>; returns the bytes read (fewer than sent when a read timed out).</summary>
    public static long ReadStream(Socket listener, TimeSpan timeout)
    {
        using var connection = listener.Accept();
        connection.ReceiveTimeout = (int)timeout.TotalMilliseconds;
        var buffer = new byte[64 * 1024];
        long total = 0;
        try
        {
            int n;
            while ((n = connection.Receive(buffer)) > 0) total += n;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut)
        {
            // fewer bytes than sent: the caller compares with what was sent
        }
        return total;
    }

    /// <summary>
    /// Connects from <paramref name="local"/> in <paramref name="ns"/> to <paramref name="remote"/> and sends
    /// <paramref name="bytes"/> of <see cref="GuestTcp.Pattern"/>, or fewer once <paramref name="sendFor"/> has passed,
    /// each send within <paramref name="timeout"/>; then ends the stream. Returns the bytes sent.
    /// </summary>
    public static long SendStream(NetNamespace ns, IPEndPoint local, IPEndPoint remote, long bytes, TimeSpan timeout, TimeSpan? sendFor = null)
    {
        using var client = Open(ns, local, SocketType.Stream);
        client.SendTimeout = (int)timeout.TotalMilliseconds;
        client.Connect(remote);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var deadline = sendFor ?? TimeSpan.MaxValue;
        long sent = 0;
        while (sent < bytes && clock.Elapsed < deadline)
            sent += client.Send(GuestTcp.Pattern[..(int)Math.Min(GuestTcp.Pattern.Length, bytes - sent)]);
        client.Shutdown(SocketShutdown.Send);
        return sent;
    }

    /// <summary>
    /// Reads datagrams until the marker arrives: one from <paramref name="markerPort"/>, sent after the frames under test
    /// along the same path, so that whatever came before it has been delivered or lost by then. Returns how many
    /// other datagrams, and how many bytes of them, arrived first. A marker that does not come within
    /// <paramref name="timeout"/> means the path itself is broken, and a missing datagram would prove nothing: that is
    /// a timeout, not an observation.
    /// </summary>
    public static (int Datagrams, int Bytes) ReceiveUntilMarker(Socket socket, ushort markerPort, TimeSpan timeout)
    {
        var buffer = new byte[65536];
        var clock = System.Diagnostics.Stopwatch.StartNew();
        EndPoint from = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0);
        int datagrams = 0, bytes = 0;
        while (true)
        {
            var left = timeout - clock.Elapsed;
            if (left <= TimeSpan.Zero || !socket.Poll(left, SelectMode.SelectRead))
                throw new TimeoutException($"the marker datagram from port {markerPort} did not arrive within {timeout.TotalSeconds} s");
            var n = socket.ReceiveFrom(buffer, ref from);
            if (((IPEndPoint)from).Port == markerPort) return (datagrams, bytes);
            datagrams++;
            bytes += n;
        }
    }

    /// <summary>
    /// Sends the marker datagram from <see cref="LabAddresses.MarkerPort"/> at <paramref name="from"/> in
    /// <paramref name="ns"/> to <paramref name="to"/>: written after a cell's traffic along the same path, so that once
    /// it has arrived whatever was sent before it was delivered or lost.
    /// </summary>
    public static void SendMarker(NetNamespace ns, IPAddress from, IPEndPoint to)
    {
        using var sender = Open(ns, new IPEndPoint(from, LabAddresses.MarkerPort), SocketType.Dgram);
        sender.SendTo(GuestTcp.Pattern[..MarkerPayload], to);
    }

    private const int MarkerPayload = 16;
}
