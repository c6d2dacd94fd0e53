using System.Diagnostics;
using System.Reflection;
using FluentAssertions;
using Vnetconf.Container;
using Vnetconf.Links;

namespace Vnetconf.Conformance.Support;

/// <summary>
/// Runs tests/LabHolder, checks that what it reports is alive, SIGKILLs it, and checks that all of it is gone: its
/// namespaces, its QEMU, its container, and nothing changed in the host namespace.
/// </summary>
public static class LabHolderRun
{
    /// <summary>A container's exit and removal after its lifeline broke take a moment longer than a namespace's release.</summary>
    private static readonly TimeSpan TeardownGrace = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The holder answers "READY inode… [qemu=PID] [container=ID]" once it built what <paramref name="arguments"/> ask for.
    /// </summary>
    public static void KillAndCheck(params string[] arguments)
    {
        var before = HostSnapshot.Take();
        var holderPath = typeof(LabHolderRun).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "LabHolderPath").Value!;
        File.Exists(holderPath).Should().BeTrue("the lab holder is built with the tests ({0})", holderPath);

        using var holder = Process.Start(new ProcessStartInfo("dotnet", [holderPath, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        try
        {
            var ready = holder.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(90)).GetAwaiter().GetResult();
            ready.Should().StartWith("READY", "the holder reports what it made (stderr: {0})", holder.HasExited ? holder.StandardError.ReadToEnd() : "");
            var words = ready!.Split(' ').Skip(1).ToArray();
            var inodes = words.Where(w => !w.Contains('=')).Select(ulong.Parse).ToArray();
            var qemu = Values(words, "qemu").Select(int.Parse).ToArray();
            var containers = Values(words, "container").ToArray();
            foreach (var inode in inodes)
                NamespaceCensus.FindReferences(inode).Should().NotBeEmpty("the holder's namespace {0} is alive before the kill", inode);
            foreach (var pid in qemu) ProcessIsAlive(pid).Should().BeTrue("QEMU {0} runs before the kill", pid);
            using var engine = containers.Length > 0 ? ContainerEngine.Connect() : null;
            foreach (var id in containers)
                engine!.OwnedBy(holder.Id).Should().Contain(id, "the holder's container runs before the kill, labelled with its pid");

            holder.Kill(); // SIGKILL: no finalizer, no Dispose, no handler runs
            holder.WaitForExit(10_000).Should().BeTrue();

            foreach (var pid in qemu)
                WaitUntil(() => !ProcessIsAlive(pid)).Should().BeTrue("QEMU {0} dies with its harness (PR_SET_PDEATHSIG)", pid);
            foreach (var id in containers)
                WaitUntil(() => !engine!.OwnedBy(holder.Id).Contains(id)).Should().BeTrue(
                    "container {0} ends when its lifeline breaks, and is removed (AutoRemove)", id);
            foreach (var inode in inodes)
                WaitUntilFreed(inode).Should().BeEmpty("the kernel frees namespace {0} with its last task and fd", inode);
            HostSnapshot.Take().Should().BeEquivalentTo(before);
        }
        finally
        {
            if (!holder.HasExited) holder.Kill();
        }
    }

    /// <summary>Polls until nothing references the namespace; the OS thread's exit can trail its Join by a moment.</summary>
    public static IReadOnlyList<string> WaitUntilFreed(ulong inode)
    {
        var deadline = Stopwatch.StartNew();
        IReadOnlyList<string> refs;
        while ((refs = NamespaceCensus.FindReferences(inode)).Count > 0 && deadline.Elapsed < TeardownGrace)
            Thread.Sleep(50);
        return refs;
    }

    private static IEnumerable<string> Values(IEnumerable<string> words, string key) =>
        words.Where(w => w.StartsWith(key + "=", StringComparison.Ordinal)).Select(w => w[(key.Length + 1)..]);

    /// <summary>A process that exists and is not a zombie.</summary>
    private static bool ProcessIsAlive(int pid)
    {
        var status = $"/proc/{pid}/status";
        return File.Exists(status) && !File.ReadLines(status).Any(l => l.StartsWith("State:", StringComparison.Ordinal) && l.Contains("zombie"));
    }

    private static bool WaitUntil(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TeardownGrace) return false;
            Thread.Sleep(50);
        }
        return true;
    }
}
