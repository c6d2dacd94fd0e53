using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Conformance.Guest;
using Vnetconf.Conformance.Support;
using Vnetconf.Container;
using Vnetconf.Guest;
using Vnetconf.Links;
using Vnetconf.Packets;
using Vnetconf.Scenarios;

namespace Vnetconf.Conformance.Container;

/// <summary>
/// The suite's guest on the QEMU of a container image (Debian 13's) instead of the host's, vnet_hdr on, modern
/// device: what it negotiates, and the guest-path cells, run by the same code as the Guest category so the two
/// QEMUs are compared cell by cell.
/// </summary>
[Category("Container")]
public sealed class ContainerQemuTests
{
    private readonly MatrixReport report = new($"Guest path on container QEMU: {GuestBackend.VnetHeaderModern}",
        [FrameAspects.NicOffloads, FrameAspects.Checksum, FrameAspects.AuxData, FrameAspects.Segmentation, FrameAspects.Delivery], withEvidence: true);

    private ContainerQemuMachine? machine;
    private HostSnapshot? hostBefore;

    private ContainerQemuMachine Machine => machine!;

    public static IEnumerable<TestCaseData> Traffic() =>
        GuestPathCatalogue.Cells(GuestBackend.VnetHeaderModern).Select(s => new TestCaseData(s).SetArgDisplayNames(MatrixCases.TrafficName(s)));

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
    public void StopGuest()
    {
        machine?.Dispose();
        report.Publish();
    }

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

    /// <summary>
    /// The same guest.negotiation entries as the host QEMU's guests: USO appears exactly where QEMU, the host's tun and
    /// the guest's driver all have it, and QEMU follows rx-gro-hw off and on again.
    /// </summary>
    [Test, Order(0)]
    public void The_guest_negotiates_and_QEMU_sets_on_the_TAP_what_the_versions_rules_imply()
    {
        var negotiation = new MatrixReport($"Guest negotiation on container QEMU: {GuestBackend.VnetHeaderModern}", GuestNegotiationCatalogue.Aspects, withEvidence: true);
        var results = GuestNegotiationCatalogue.Cells(GuestBackend.VnetHeaderModern, () => Machine).Select(cell => negotiation.Run(cell).Result).ToList();
        negotiation.Publish();
        results.ShouldAllBeAsDocumented();
    }

    [TestCaseSource(nameof(Traffic))]
    public void The_guest_path_cell_behaves_as_documented_on_container_QEMU(GuestPathScenario scenario)
    {
        report.Run(GuestMatrix.Cell(scenario, () => Machine)).Result.ShouldBeAsDocumented();
    }

    /// <summary>The identity of one of a process's namespaces (the target of /proc/PID/ns/KIND, e.g. "mnt:[4026531841]").</summary>
    private static string NamespaceOf(int pid, string kind) => new FileInfo($"/proc/{pid}/ns/{kind}").LinkTarget!;
}
