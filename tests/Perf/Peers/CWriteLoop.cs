using System.Diagnostics;
using System.Globalization;
using Vnetconf.Interop;
using Vnetconf.Scenarios;
using static Tmds.Linux.LibC;

namespace Vnetconf.Perf.Peers;

/// <summary>
/// The injection ceiling: tap_write_loop.c, compiled once with the machine's gcc into a temporary directory,
/// writes the harness's own frame into the harness's own TAP (the fd is inherited) in a tight loop. It is
/// counted where the harness is counted, at the far end's rx counters, over the loop's own clock.
/// </summary>
public sealed class CWriteLoop : IDisposable
{
    private const string Source = "tap_write_loop.c";

    /// <summary>Past the trial's time, how long the loop may take to start and report before it is killed.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

    private readonly string directory;
    private readonly string program;

    private CWriteLoop(string directory)
    {
        this.directory = directory;
        program = Path.Combine(directory, "tap_write_loop");
    }

    /// <summary>Compiles the loop with gcc -O2; throws with gcc's messages when it does not compile.</summary>
    public static CWriteLoop Compile()
    {
        var loop = new CWriteLoop(Directory.CreateTempSubdirectory("vnetconf-perf-").FullName);
        try
        {
            var source = Path.Combine(AppContext.BaseDirectory, "Peers", Source);
            var (status, output, errors) = ChildProcess.Finish(Process.Start(ChildProcess.StartInfo("gcc", "-O2", "-Wall", "-Werror", "-o", loop.program, source))!, TimeSpan.FromMinutes(1));
            if (status != 0) throw new InvalidOperationException($"gcc could not compile {source} (exit {status}):{Environment.NewLine}{output}{Environment.NewLine}{errors}");
            return loop;
        }
        catch
        {
            loop.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Runs the loop on <paramref name="lab"/>'s TAP for <paramref name="duration"/> (or <paramref name="maxFrames"/>
    /// writes, whichever ends first), writing <paramref name="writeBytes"/> (virtio-net header and frame) each time.
    /// </summary>
    public ThroughputSample Measure(HostLab lab, ReadOnlySpan<byte> writeBytes, TimeSpan duration, long maxFrames)
    {
        var frameFile = Path.Combine(directory, "frame.bin");
        File.WriteAllBytes(frameFile, writeBytes);

        // dup() clears FD_CLOEXEC on the copy, so exactly this fd survives exec into the child; the harness's own
        // fd keeps O_CLOEXEC. Started from the stack namespace's thread, the child is born in the lab.
        using var inherited = FileDescriptor.FromResult(dup(lab.Tap.Fd.Value), "dup", $"{lab.Tap} for {Source}");
        var before = lab.WireStats();
        var child = lab.Stack.Run(() => Process.Start(ChildProcess.StartInfo(program,
            inherited.Value.ToString(CultureInfo.InvariantCulture), frameFile,
            duration.TotalSeconds.ToString("R", CultureInfo.InvariantCulture), maxFrames.ToString(CultureInfo.InvariantCulture))))!;
        inherited.Dispose(); // the child holds its own copy now
        var (status, output, errors) = ChildProcess.Finish(child, duration + Grace);
        var after = lab.WireStats();
        if (status != 0) throw new InvalidOperationException($"{program} failed (exit {status}): {output} {errors}");

        var fields = output.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var elapsed = TimeSpan.FromSeconds(double.Parse(fields[1], CultureInfo.InvariantCulture));
        return ThroughputSample.Between(before, after, elapsed);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
