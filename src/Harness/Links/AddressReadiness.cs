using System.Net;
using System.Net.Sockets;

namespace Vnetconf.Links;

/// <summary>When a freshly added address is really usable: the lab's kernel endpoints and the guest agent wait alike.</summary>
public static class AddressReadiness
{
    private static readonly TimeSpan AddressReadyTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Waits until <paramref name="address"/> receives packets. An IPv6 address's local route is installed by
    /// addrconf's DAD work (addrconf_dad_completed → ipv6_ifa_notify), asynchronously even with IFA_F_NODAD; a
    /// packet that arrives before it is dropped as Ip6InAddrErrors. A datagram sent to the address itself
    /// comes back only once that route exists.
    /// </summary>
    public static void Await(NetNamespace ns, IPAddress address)
    {
        using var socket = ns.Run(() => new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp));
        var deadline = DateTime.UtcNow + AddressReadyTimeout;
        while (true)
        {
            try
            {
                socket.Bind(new IPEndPoint(address, 0));
                break;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressNotAvailable && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(10); // still tentative
            }
        }
        socket.Blocking = false;
        Span<byte> probe = [0x76, 0x6e, 0x63];
        Span<byte> echo = stackalloc byte[8];
        while (DateTime.UtcNow < deadline)
        {
            socket.SendTo(probe, socket.LocalEndPoint!);
            if (socket.Poll(TimeSpan.FromMilliseconds(20), SelectMode.SelectRead) && socket.Receive(echo) == probe.Length) return;
        }
        throw new TimeoutException($"{address} in {ns} did not start accepting packets within {AddressReadyTimeout.TotalSeconds} s");
    }

}
