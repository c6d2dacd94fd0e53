using System.Diagnostics;
using System.Net.Sockets;

namespace Vnetconf.Guest;

/// <summary>
/// The harness's end of the agent channel before the guest is up: a unix socket in the guest's run directory that
/// QEMU connects the agent's virtio-serial port to (wherever QEMU runs, as long as it sees that directory), and the
/// bounded wait for the agent's hello.
/// </summary>
public sealed class AgentListener : IDisposable
{
    public const string SocketName = "agent.sock";

    private readonly Socket socket;

    private AgentListener(Socket socket, string path)
    {
        this.socket = socket;
        Path = path;
    }

    /// <summary>The socket's path on the harness's side.</summary>
    public string Path { get; }

    public static AgentListener Create(string runDirectory)
    {
        var path = System.IO.Path.Combine(runDirectory, SocketName);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Bind(new UnixDomainSocketEndPoint(path));
            socket.Listen(1);
            return new AgentListener(socket, path);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Waits until QEMU connected the channel and the agent said hello, all within <paramref name="timeout"/> of
    /// <paramref name="clock"/>'s start. <paramref name="qemuGone"/> is polled so that a QEMU that died fails the
    /// boot at once; every failure is built by <paramref name="failure"/>, which adds QEMU's words and the console.
    /// </summary>
    public (AgentClient Agent, AgentHello Hello) WaitForHello(TimeSpan timeout, Stopwatch clock, Func<bool> qemuGone,
        Func<string, AgentException> failure, Func<string> evidence)
    {
        TimeSpan Remaining() => timeout - clock.Elapsed is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero;
        AgentClient agent;
        using (var deadline = new CancellationTokenSource(Remaining()))
        {
            var accept = socket.AcceptAsync(deadline.Token).AsTask();
            while (!accept.Wait(TimeSpan.FromMilliseconds(100)))
            {
                if (qemuGone()) throw failure("QEMU exited before it connected the agent channel");
                if (deadline.IsCancellationRequested) break;
            }
            if (!accept.IsCompletedSuccessfully) throw failure($"QEMU did not connect the agent channel within {timeout.TotalSeconds} s");
            agent = new AgentClient(accept.Result, evidence);
        }
        try
        {
            var hello = agent.Receive(Remaining(), "the agent's hello").Hello
                        ?? throw failure("the agent's first line was not a hello");
            return (agent, hello);
        }
        catch (AgentException e)
        {
            agent.Dispose();
            throw failure(e.What);
        }
    }

    public void Dispose() => socket.Dispose();
}
