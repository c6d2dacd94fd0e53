using System.Net;
using System.Net.Sockets;
using Vnetconf.Links;

namespace Vnetconf.Scenarios;

/// <summary>Kernel sockets at the lab's endpoints: born inside their namespace, bound, and read with a deadline.</summary>
public static class LabSockets
{
    /// <summary>A UDP (<see cref="SocketType.Dgram"/>) or TCP (<see cref="SocketType.Stream"/>) socket in <paramref name="ns"/>, bound to <paramref name="local"/>.</summary>
    public static Socket Open(NetNamespace ns, IPEndPoint local, SocketType type)
    {
        var socket = ns.Run(() => new Socket(local.AddressFamily, type, type == SocketType.Dgram ? ProtocolType.Udp : ProtocolType.Tcp));
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

    /// <summary>Reads every datagram that arrives until none has for <paramref name="quiet"/>.</summary>
    public static (int Datagrams, int Bytes) Drain(Socket socket, TimeSpan quiet)
    {
        var buffer = new byte[65536];
        int datagrams = 0, bytes = 0;
        while (socket.Poll(quiet, SelectMode.SelectRead))
        {
            bytes += socket.Receive(buffer);
            datagrams++;
        }
        return (datagrams, bytes);
    }
}
