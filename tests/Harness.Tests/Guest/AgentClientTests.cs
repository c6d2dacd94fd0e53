using System.Net;
using System.Net.Sockets;
using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Guest;

namespace Vnetconf.Harness.Tests.Guest;

/// <summary>The agent channel over a real loopback TCP pair; the peer plays the guest.</summary>
public sealed class AgentClientTests
{
    private const string Evidence = "QEMU pid 4242 has exited with status 137";

    [Test]
    public void A_channel_reset_while_waiting_is_a_broken_channel_that_carries_the_evidence()
    {
        var (client, guest) = Connect();
        using (client)
        {
            // SO_LINGER 0: close sends RST, as a killed QEMU's socket can.
            guest.LingerState = new LingerOption(true, 0);
            var receiving = Task.Run(() => client.Receive(TimeSpan.FromSeconds(10), "hello"));
            Thread.Sleep(100);
            guest.Close();

            var reset = ((Func<Task>)(() => receiving)).Should().ThrowAsync<AgentException>().GetAwaiter().GetResult().Which;
            reset.Message.Should().Contain("reset while waiting for hello").And.Contain(Evidence);
            client.Invoking(c => c.Hello()).Should().Throw<AgentException>()
                .Which.Message.Should().Contain("the channel broke earlier").And.Contain(Evidence);
        }
    }

    [Test]
    public void A_channel_closed_cleanly_while_waiting_is_a_broken_channel_that_carries_the_evidence()
    {
        var (client, guest) = Connect();
        using (client)
        {
            guest.Shutdown(SocketShutdown.Both);
            guest.Close();
            client.Invoking(c => c.Receive(TimeSpan.FromSeconds(10), "hello")).Should().Throw<AgentException>()
                .Which.Message.Should().Contain("closed while waiting for hello").And.Contain(Evidence);
        }
    }

    private static (AgentClient Client, Socket Guest) Connect()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var host = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        host.Connect(listener.LocalEndpoint);
        var guest = listener.AcceptSocket();
        return (new AgentClient(host, () => Evidence), guest);
    }
}
