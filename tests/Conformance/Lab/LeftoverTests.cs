using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Conformance.Support;
using Vnetconf.Guest;
using Vnetconf.Interop;
using Vnetconf.Links;
using Vnetconf.Scenarios;

namespace Vnetconf.Conformance.Lab;

/// <summary>The suite's promise to the host: nothing of a lab outlives it, not even when its process is killed.</summary>
[Category("Host")]
public sealed class LeftoverTests
{
    private static readonly TimeSpan TeardownGrace = TimeSpan.FromSeconds(5);

    [SetUp]
    public void RequireHostLab() => Prerequisites.RequireHostLab();

    [Test]
    public void A_disposed_lab_leaves_no_namespace_and_the_host_links_unchanged()
    {
        var before = HostSnapshot.Take();
        ulong stack, far;
        using (var lab = HostLab.ForWritePath(new TapOptions(VnetHeader: true), new NicOptions()))
        {
            (stack, far) = (lab.Stack.Inode, lab.FarOrThrow.Inode);
            HostSnapshot.Take().Should().BeEquivalentTo(before, "a live lab adds nothing to the host namespace");
        }

        WaitUntilFreed(stack).Should().BeEmpty("the stack namespace (inode {0}) should be freed", stack);
        WaitUntilFreed(far).Should().BeEmpty("the far namespace (inode {0}) should be freed", far);
        HostSnapshot.Take().Should().BeEquivalentTo(before);
    }

    [Test]
    public void A_SIGKILLed_process_holding_a_lab_leaves_no_namespace_and_the_host_links_unchanged() => KillHolder();

    [Test]
    [Category("Guest")]
    public void A_SIGKILLed_process_holding_a_booted_guest_leaves_no_QEMU_process_and_no_namespace()
    {
        var environment = GuestEnvironment.Require();
        KillHolder("guest", JsonSerializer.Serialize(environment.Image), environment.Acceleration.Accelerator.ToString());
        // The killed harness could not delete its guest's scratch directory; the next harness sweeps it.
        QemuRunDirectory.SweepStale().Should().BeGreaterThanOrEqualTo(1);
        Directory.EnumerateDirectories(Path.GetTempPath(), "vnetconf-qemu-*")
            .Where(d => !File.Exists(Path.Combine(d, "owner.pid")) || File.ReadAllText(Path.Combine(d, "owner.pid")) != Environment.ProcessId.ToString())
            .Should().BeEmpty("only this process's own guests may still have scratch directories");
    }

    /// <summary>Starts the lab holder, checks what it made is alive, SIGKILLs it, and checks all of it is gone.</summary>
    private static void KillHolder(params string[] arguments)
    {
        var before = HostSnapshot.Take();
        var holderPath = typeof(LeftoverTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
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
            var qemu = words.Where(w => w.StartsWith("qemu=", StringComparison.Ordinal)).Select(w => int.Parse(w["qemu=".Length..])).ToArray();
            foreach (var inode in inodes)
                NamespaceCensus.FindReferences(inode).Should().NotBeEmpty("the holder's namespace {0} is alive before the kill", inode);
            foreach (var pid in qemu) ProcessIsAlive(pid).Should().BeTrue("QEMU {0} runs before the kill", pid);

            holder.Kill(); // SIGKILL: no finalizer, no Dispose, no handler runs
            holder.WaitForExit(10_000).Should().BeTrue();

            foreach (var pid in qemu)
                WaitUntil(() => !ProcessIsAlive(pid)).Should().BeTrue("QEMU {0} dies with its harness (PR_SET_PDEATHSIG)", pid);
            foreach (var inode in inodes)
                WaitUntilFreed(inode).Should().BeEmpty("the kernel frees namespace {0} with its last task and fd", inode);
            HostSnapshot.Take().Should().BeEquivalentTo(before);
        }
        finally
        {
            if (!holder.HasExited) holder.Kill();
        }
    }

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

    [Test]
    public void Creating_a_TAP_in_the_host_namespace_is_refused_before_anything_is_created()
    {
        var before = HostSnapshot.Take();
        var act = () => TapDevice.Create(NetNamespace.Host, "vnc-refused0", TunFlags.IFF_TAP | TunFlags.IFF_NO_PI);
        act.Should().Throw<HostModificationRefusedException>().WithMessage("*host's own network namespace*");
        HostSnapshot.Take().Should().BeEquivalentTo(before);
    }

    [Test]
    public void Opening_the_tun_device_in_the_host_namespace_is_refused()
    {
        var act = () => TapDevice.OpenUnattached(NetNamespace.Host);
        act.Should().Throw<HostModificationRefusedException>();
    }

    [Test]
    public void Writing_a_sysctl_in_the_host_namespace_is_refused_and_the_value_is_unchanged()
    {
        const string key = "net/ipv6/conf/default/router_solicitations";
        var value = ProcNet.GetSysctl(NetNamespace.Host, key);
        var act = () => ProcNet.SetSysctl(NetNamespace.Host, key, "0");
        act.Should().Throw<HostModificationRefusedException>().Which.Operation.Should().Contain(key);
        ProcNet.GetSysctl(NetNamespace.Host, key).Should().Be(value);
    }

    [Test]
    public void A_sysctl_written_in_a_lab_namespace_does_not_change_the_host_value()
    {
        const string key = "net/ipv6/conf/default/router_solicitations";
        var hostValue = ProcNet.GetSysctl(NetNamespace.Host, key);
        using var ns = NetNamespace.Create("sysctl");
        var labValue = hostValue == "0" ? "1" : "0";
        ProcNet.SetSysctl(ns, key, labValue);
        ProcNet.GetSysctl(ns, key).Should().Be(labValue);
        ProcNet.GetSysctl(NetNamespace.Host, key).Should().Be(hostValue);
    }

    [Test]
    public void A_lab_namespace_is_not_the_host_namespace_and_its_thread_lives_in_it()
    {
        using var ns = NetNamespace.Create("identity");
        ns.Inode.Should().NotBe(NetNamespace.HostInode);
        ns.IsLabOwned.Should().BeTrue();
        NetNamespace.Host.IsLabOwned.Should().BeFalse();
        new FileInfo(ns.ProcPath).LinkTarget.Should().Be($"net:[{ns.Inode}]");
        ns.Run(() => new FileInfo("/proc/thread-self/ns/net").LinkTarget).Should().Be($"net:[{ns.Inode}]");
    }

    [Test]
    public void Work_that_throws_inside_a_namespace_surfaces_on_the_caller_with_its_original_stack()
    {
        using var ns = NetNamespace.Create("throws");
        var act = () => ns.Run(() => throw new SyscallException("probe", ns.Name, Errno.EINVAL));
        act.Should().Throw<SyscallException>().Which.Target.Should().Be(ns.Name);
    }

    /// <summary>Polls until nothing references the namespace; the OS thread's exit can trail its Join by a moment.</summary>
    private static IReadOnlyList<string> WaitUntilFreed(ulong inode)
    {
        var deadline = Stopwatch.StartNew();
        IReadOnlyList<string> refs;
        while ((refs = NamespaceCensus.FindReferences(inode)).Count > 0 && deadline.Elapsed < TeardownGrace)
            Thread.Sleep(50);
        return refs;
    }
}
