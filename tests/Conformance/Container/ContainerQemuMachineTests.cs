using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Conformance.Support;
using Vnetconf.Container;
using Vnetconf.Guest;
using Vnetconf.Links;
using Vnetconf.Scenarios;

namespace Vnetconf.Conformance.Container;

/// <summary>A guest on the container image's QEMU, seen from the host: whose QEMU runs it, and where its lab lives.</summary>
[Category("Container")]
public sealed class ContainerQemuMachineTests
{
    private ContainerQemuMachine? machine;
    private HostSnapshot? hostBefore;

    private ContainerQemuMachine Machine => machine!;

    [OneTimeSetUp]
    public void BootOnContainerQemu()
    {
        var environment = ContainerGuest.Require();
        hostBefore = HostSnapshot.Take();
        machine = ContainerQemuMachine.Boot(environment.Image, GuestBackend.VnetHeaderModern.VnetHeader, GuestBackend.VnetHeaderModern.Device);
        TestContext.Progress.WriteLine($"{machine}: booted in {machine.BootTime.TotalSeconds:0.0} s");
    }

    [TearDown]
    public void AttachConsoleOnFailure()
    {
        if (machine is null) return;
        machine.AttachConsoleIfFailed();
        if (TestContext.CurrentContext.Result.Outcome.Status is not NUnit.Framework.Interfaces.TestStatus.Passed)
            TestContext.Out.WriteLine($"QEMU said: {machine.QemuOutput()}");
    }

    [OneTimeTearDown]
    public void StopGuest() => machine?.Dispose();

    [Test]
    public void The_image_runs_its_own_QEMU_and_says_which()
    {
        Machine.Qemu.AtLeast(QemuVersion.UsoSince).Should().BeTrue("the image is built from Debian 13's qemu-system-x86 (10.0): {0}", Machine.Qemu.Banner);
        // Directly: the QEMU that runs this guest lives in the container's mount namespace, so its binary is the image's.
        var qemu = Machine.QemuProcessId();
        NamespaceOf(qemu, "mnt").Should().NotBe(NamespaceOf(Environment.ProcessId, "mnt"), "QEMU (pid {0}) runs inside the container's file system", qemu);
        File.ReadAllText($"/proc/{qemu}/comm").Trim().Should().StartWith("qemu-system");
        TestContext.Out.WriteLine($"container: {Machine.Qemu.Banner}; guest {Machine.Hello.KernelRelease}; boot {Machine.BootTime.TotalSeconds:0.0} s");
    }

    [Test]
    public void The_lab_lives_in_the_containers_namespace_and_the_host_namespace_is_unchanged()
    {
        Machine.Lab.Stack.Inode.Should().NotBe(NetNamespace.HostInode);
        Machine.Lab.Stack.IsLabOwned.Should().BeTrue("the suite started the container, so its namespace is a lab namespace");
        using var netlink = Rtnetlink.Open(Machine.Lab.Stack);
        netlink.GetLink(HostLab.TapName).Index.Should().BePositive("tap0 is in the container's namespace, where its QEMU opened it");
        HostSnapshot.Take().Should().Be(hostBefore, "nothing of the lab is in the host's namespace");
    }

    /// <summary>The identity of one of a process's namespaces (the target of /proc/PID/ns/KIND, e.g. "mnt:[4026531841]").</summary>
    private static string NamespaceOf(int pid, string kind) => new FileInfo($"/proc/{pid}/ns/{kind}").LinkTarget!;
}
