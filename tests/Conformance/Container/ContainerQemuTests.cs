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
        GuestPathCatalogue.Cells(GuestBackend.VnetHeaderModern).Select(s => new TestCaseData(s)
            .SetArgDisplayNames($"{(s.Direction == GuestPathDirection.Transmit ? "TX" : "RX")} {s.Protocol.ToString().ToUpperInvariant()}, nic offloads {(s.Nic.TxChecksumming ? "on" : "off")}"));

    [OneTimeSetUp]
    public void BootOnContainerQemu()
    {
        var environment = ContainerGuest.Require();
        hostBefore = HostSnapshot.Take();
        machine = ContainerQemuMachine.Boot(environment.Image, GuestBackend.VnetHeaderModern.VnetHeader, GuestBackend.VnetHeaderModern.Device);
        TestContext.Progress.WriteLine($"{machine}: booted in {machine.BootTime.TotalSeconds:0.0} s");
        Machine.Agent.ConfigureAddressOnce();
    }

    [TearDown]
    public void AttachConsoleOnFailure()
    {
        if (machine is null || TestContext.CurrentContext.Result.Outcome.Status is NUnit.Framework.Interfaces.TestStatus.Passed
                or NUnit.Framework.Interfaces.TestStatus.Skipped) return;
        var copy = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"console-container-{Environment.ProcessId}.log");
        File.WriteAllText(copy, machine.ConsoleLog());
        TestContext.AddTestAttachment(copy, "guest console (ttyS0) on container QEMU");
        TestContext.Out.WriteLine($"QEMU said: {machine.QemuOutput()}\nguest console, last lines:\n{machine.ConsoleTail()}");
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
        var version = UsoNegotiation.ParseQemuVersion(Machine.QemuVersion);
        version.Should().BeGreaterThanOrEqualTo(UsoNegotiation.QemuSince, "the image is built from Debian 13's qemu-system-x86 (10.0): {0}", Machine.QemuVersion);
        TestContext.Out.WriteLine($"container: {Machine.QemuVersion}; guest {Machine.Hello.KernelRelease}; boot {Machine.BootTime.TotalSeconds:0.0} s");
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

    [Test]
    public void The_guest_negotiates_QEMU_7s_offloads_and_USO_exactly_when_QEMU_the_host_and_the_guest_kernel_all_support_it()
    {
        var features = Machine.Agent.VirtioNetFeatures().Features;
        var (uso, why) = UsoNegotiation.Expect(UsoNegotiation.ParseQemuVersion(Machine.QemuVersion), KernelVersion.Running,
            KernelVersion.Parse(Machine.Hello.KernelRelease), GuestBackend.VnetHeaderModern.VnetHeader);
        TestContext.Out.WriteLine($"negotiated: {features}; USO: {why}");
        features.Intersect(UsoNegotiation.Bits).Should().Be(uso, why);
        VirtioNetFeature[] olderOffloads =
        [
            VirtioNetFeature.CSUM, VirtioNetFeature.GUEST_CSUM, VirtioNetFeature.HOST_TSO4, VirtioNetFeature.HOST_TSO6, VirtioNetFeature.HOST_ECN,
            VirtioNetFeature.GUEST_TSO4, VirtioNetFeature.GUEST_TSO6, VirtioNetFeature.GUEST_ECN, VirtioNetFeature.GUEST_UFO,
            VirtioNetFeature.HOST_UFO, VirtioNetFeature.VERSION_1, VirtioNetFeature.MRG_RXBUF,
        ];
        olderOffloads.Where(f => !features.Has(f)).Should().BeEmpty("QEMU 10 still offers what QEMU 7.2 offered on a TAP with a vnet header");
    }

    [TestCaseSource(nameof(Traffic))]
    public void The_guest_path_cell_behaves_as_documented_on_container_QEMU(GuestPathScenario scenario)
    {
        report.Run(GuestMatrix.Cell(scenario, Machine.Lab, Machine.Agent)).Result.ShouldBeAsDocumented();
    }
}
