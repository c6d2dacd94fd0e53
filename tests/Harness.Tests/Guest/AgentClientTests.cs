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

    [TestCase(null, 30)]
    [TestCase("", 30)]
    [TestCase("5", 5)]
    [TestCase("120", 120)]
    public void The_answer_deadline_is_30_s_or_the_whole_seconds_the_variable_gives(string? text, int seconds) =>
        AgentClient.ParseTimeout(text).Should().Be(TimeSpan.FromSeconds(seconds));

    [TestCase("0")]
    [TestCase("-5")]
    [TestCase("1.5")]
    [TestCase("30s")]
    public void An_answer_deadline_that_is_not_whole_seconds_is_refused_with_the_fix(string text) =>
        FluentActions.Invoking(() => AgentClient.ParseTimeout(text)).Should().Throw<InvalidOperationException>()
            .Which.Message.Should().Contain($"{AgentClient.TimeoutVariable}={text}").And.Contain("whole seconds");

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
