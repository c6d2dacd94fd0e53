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

    [Test]
    public void An_agent_silent_in_a_long_request_breaks_the_channel_at_the_silence_limit_not_the_requests_deadline()
    {
        var (client, guest) = Connect(silenceLimit: TimeSpan.FromSeconds(1));
        using (client)
        using (guest)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var frozen = client.Invoking(c => c.Send(new AgentRequest(AgentCommand.SendTcp), TimeSpan.FromSeconds(30))).Should().Throw<AgentException>().Which;

            clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10), "a frozen guest costs the silence limit, not the 30 s the request may last");
            frozen.Message.Should().Contain("no answer to send-tcp").And.Contain("silent for 1 s").And.Contain(Evidence);
        }
    }

    [Test]
    public void An_agent_that_says_it_is_working_keeps_a_long_request_past_the_silence_limit()
    {
        var (client, guest) = Connect(silenceLimit: TimeSpan.FromSeconds(3));
        using (client)
        using (guest)
        {
            // A thread of its own, not the pool's: a pool slow to start a task under a parallel test run once held the
            // first line past a shorter limit (CI).
            var agent = new Thread(() =>
            {
                using var lines = new StreamWriter(new NetworkStream(guest), new System.Text.UTF8Encoding(false)) { AutoFlush = true };
                for (var i = 0; i < 16; i++)
                {
                    Thread.Sleep(250); // the guest's work between two still-working lines, 4 s in all, past the 3 s limit
                    lines.WriteLine(System.Text.Json.JsonSerializer.Serialize(AgentReply.StillWorking, AgentJsonContext.Default.AgentReply));
                }
                lines.WriteLine("{\"counters\":{\"rx_packets\":7}}");
            });
            agent.Start();

            client.LinkCounters("eth0").Should().Equal(new Dictionary<string, long> { ["rx_packets"] = 7 }, "the reply after the still-working lines is the answer");
            agent.Join();
        }
    }

    private static (AgentClient Client, Socket Guest) Connect(TimeSpan? silenceLimit = null)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var host = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        host.Connect(listener.LocalEndpoint);
        var guest = listener.AcceptSocket();
        return (new AgentClient(host, () => Evidence, silenceLimit), guest);
    }
}
