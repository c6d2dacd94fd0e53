using System.Diagnostics;
using System.Text;
using Vnetconf.Guest;
using Vnetconf.Netmap;

namespace Vnetconf.GuestAgent;

/// <summary>
/// Runs the user's pkt-gen (<see cref="NetmapTools.PktGenPathInGuest"/>) as a child of the agent: started under the
/// cell's admode, which is restored as soon as pkt-gen has registered its port, and always ended by a deadline
/// (SIGINT first, so pkt-gen flushes what it printed, then SIGKILL). Tools still running close with the agent.
/// </summary>
internal sealed class NetmapToolRequestHandler
{
    /// <summary>How long an interrupted pkt-gen gets to end by itself and flush its output before it is killed.</summary>
    private static readonly TimeSpan GraceAfterInterrupt = TimeSpan.FromSeconds(3);

    private readonly Dictionary<int, RunningTool> running = new();
    private int nextToolId = 1;

    public NetmapToolReply Handle(string command, NetmapToolRequest request) => command switch
    {
        NetmapToolCommand.Start => Start(request),
        NetmapToolCommand.Wait => Wait(request),
        _ => throw new ArgumentException($"unknown tool command '{command}'"),
    };

    private NetmapToolReply Start(NetmapToolRequest request)
    {
        if (!File.Exists(NetmapTools.PktGenPathInGuest)) return new NetmapToolReply { Absent = true };
        var port = request.Port ?? throw new ArgumentException("the tool request has no 'port'");
        var mode = request.Admode is { } admode ? (NetmapAdapterMode)admode : (NetmapAdapterMode?)null;
        var timeout = TimeSpan.FromMilliseconds(request.TimeoutMilliseconds ?? 30_000);
        using var kernelLog = NetmapKernelLog.TryOpen();
        (RunningTool Tool, bool Ready) Launch()
        {
            var started = RunningTool.Start(NetmapTools.PktGenPathInGuest, ["-i", port, .. request.Arguments ?? []], request.ReadyText);
            return (started, started.WaitReady(timeout));
        }
        // pkt-gen has registered once it says it is ready: admode holds only for that REGISTER, as for the agent's own ports.
        var (tool, ready) = mode is { } set ? NetmapAdmode.While(set, Launch) : Launch();
        var adapter = NetmapAdapter.Identify(NetmapPortSpec.Parse(port).PortName, mode, kernelLog?.ReadNew());
        if (!ready)
        {
            // Ended before it was ready, or never said so: either way it is over; its output says why.
            var ended = tool.Finish(TimeSpan.Zero, GraceAfterInterrupt);
            return ended with { Adapter = adapter.Kind.ToString(), AdapterEvidence = adapter.Evidence };
        }
        var id = nextToolId++;
        running.Add(id, tool);
        return new NetmapToolReply { ToolId = id, Adapter = adapter.Kind.ToString(), AdapterEvidence = adapter.Evidence };
    }

    private NetmapToolReply Wait(NetmapToolRequest request)
    {
        var id = request.ToolId ?? throw new ArgumentException("the tool request has no 'toolId'");
        if (!running.Remove(id, out var tool)) throw new ArgumentException($"no running tool {id}");
        return tool.Finish(TimeSpan.FromMilliseconds(request.TimeoutMilliseconds ?? 10_000), GraceAfterInterrupt);
    }

    /// <summary>A child process whose stdout is collected whole and whose stderr is watched, line by line, for a ready text.</summary>
    private sealed class RunningTool
    {
        private readonly Process process;
        private readonly Task<string> stdout;
        private readonly StringBuilder stderr = new();
        private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly string? readyText;

        private RunningTool(Process process, string? readyText)
        {
            this.process = process;
            this.readyText = readyText;
            stdout = process.StandardOutput.ReadToEndAsync();
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is null)
                {
                    ready.TrySetResult(); // stderr closed: the tool ended, and waiting longer would not make it ready
                    return;
                }
                lock (stderr) stderr.AppendLine(e.Data);
                if (readyText is not null && e.Data.Contains(readyText, StringComparison.Ordinal)) ready.TrySetResult();
            };
            process.BeginErrorReadLine();
        }

        public static RunningTool Start(string path, IReadOnlyList<string> arguments, string? readyText)
        {
            var start = new ProcessStartInfo(path)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            foreach (var argument in arguments) start.ArgumentList.Add(argument);
            var process = Process.Start(start) ?? throw new InvalidOperationException($"{path} did not start");
            return new RunningTool(process, readyText);
        }

        /// <summary>True once the ready text appeared on stderr; false when the tool ended first or <paramref name="timeout"/> passed.</summary>
        public bool WaitReady(TimeSpan timeout)
        {
            if (readyText is null) return true;
            ready.Task.Wait(timeout);
            lock (stderr) return stderr.ToString().Contains(readyText, StringComparison.Ordinal);
        }

        /// <summary>Waits up to <paramref name="timeout"/> for the tool to end, interrupts it if not, and answers what it printed.</summary>
        public NetmapToolReply Finish(TimeSpan timeout, TimeSpan grace)
        {
            var timedOut = false;
            if (!process.WaitForExit(timeout))
            {
                timedOut = true;
                // SIGINT: pkt-gen's handler ends its threads and it exits normally, flushing the dump it printed to stdout.
                _ = Tmds.Linux.LibC.kill(process.Id, Tmds.Linux.LibC.SIGINT);
                if (!process.WaitForExit(grace)) process.Kill();
            }
            process.WaitForExit();
            var output = stdout.Wait(grace) ? stdout.Result : "";
            string error;
            lock (stderr) error = stderr.ToString();
            var reply = new NetmapToolReply { Exited = true, ExitCode = process.ExitCode, TimedOut = timedOut, Stdout = output, Stderr = error };
            process.Dispose();
            return reply;
        }
    }
}
