using System.Text.Json;
using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Conformance.Support;
using Vnetconf.Guest;
using Vnetconf.Interop;
using Vnetconf.Links;
using Vnetconf.Scenarios;
using Vnetconf.TestSupport;

namespace Vnetconf.Conformance.Lab;

/// <summary>The suite's promise to the host: nothing of a lab outlives it, not even when its process is killed.</summary>
[Category("Host")]
public sealed class LeftoverTests
{
    [SetUp]
    public void RequireHostLab() => Skip.Unless(HostCapabilities.HostLab);

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

        LabHolderRun.WaitUntilFreed(stack).Should().BeEmpty("the stack namespace (inode {0}) should be freed", stack);
        LabHolderRun.WaitUntilFreed(far).Should().BeEmpty("the far namespace (inode {0}) should be freed", far);
        HostSnapshot.Take().Should().BeEquivalentTo(before);
    }

    [Test]
    public void A_SIGKILLed_process_holding_a_lab_leaves_no_namespace_and_the_host_links_unchanged() => LabHolderRun.KillAndCheck();

    [Test]
    [Category("Guest")]
    public void A_SIGKILLed_process_holding_a_booted_guest_leaves_no_QEMU_process_and_no_namespace()
    {
        var environment = GuestEnvironment.Require();
        LabHolderRun.KillAndCheck("guest", JsonSerializer.Serialize(environment.Image), environment.Acceleration.Accelerator.ToString());
        // The killed harness could not delete its guest's scratch directory; the next harness sweeps it.
        QemuRunDirectory.SweepStale().Should().BeGreaterThanOrEqualTo(1);
        Directory.EnumerateDirectories(Path.GetTempPath(), "vnetconf-qemu-*")
            .Where(d => !File.Exists(Path.Combine(d, "owner.pid")) || File.ReadAllText(Path.Combine(d, "owner.pid")) != Environment.ProcessId.ToString())
            .Should().BeEmpty("only this process's own guests may still have scratch directories");
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
}
