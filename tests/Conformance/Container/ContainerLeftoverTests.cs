using System.Text.Json;
using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Conformance.Support;
using Vnetconf.Container;
using Vnetconf.Guest;
using Vnetconf.Links;
using Vnetconf.Scenarios;
using Vnetconf.TestSupport;

namespace Vnetconf.Conformance.Container;

/// <summary>A guest on container QEMU leaves nothing behind: no container, no namespace, no link, no QEMU.</summary>
[Category("Container")]
public sealed class ContainerLeftoverTests
{
    [Test]
    public void A_disposed_container_guest_leaves_no_container_no_namespace_and_the_host_links_unchanged()
    {
        var environment = ContainerGuest.Require();
        var before = HostSnapshot.Take();
        string id;
        ulong stack, far;
        // vnet_hdr=off: the other value of QEMU's tap option, checked on the way.
        using (var machine = ContainerQemuMachine.Boot(environment.Image, tapVnetHeader: false, new VirtioNetDeviceOptions()))
        {
            (id, stack, far) = (machine.ContainerId, machine.Lab.Stack.Inode, machine.Lab.FarOrThrow.Inode);
            machine.Agent.VirtioNetFeatures().Features.Has(VirtioNetFeature.CSUM).Should().BeFalse("vnet_hdr=off: QEMU offers no offload");
        }

        using var engine = ContainerEngine.Connect();
        engine.OwnedBy(Environment.ProcessId).Should().NotContain(id, "the container is removed on Dispose");
        LabHolderRun.WaitUntilFreed(stack).Should().BeEmpty("the container's namespace (inode {0}), QEMU's, is freed", stack);
        LabHolderRun.WaitUntilFreed(far).Should().BeEmpty("the far namespace (inode {0}) is freed", far);
        HostSnapshot.Take().Should().BeEquivalentTo(before);
    }

    [Test]
    public void A_SIGKILLed_process_holding_a_container_guest_leaves_no_container_no_QEMU_and_no_namespace()
    {
        var environment = ContainerGuest.Require();
        // QEMU lives in the container's namespace: that namespace being freed means no QEMU is left.
        LabHolderRun.KillAndCheck("container", JsonSerializer.Serialize(environment.Image));
        QemuRunDirectory.SweepStale().Should().BeGreaterThanOrEqualTo(1, "the killed holder's run directory is swept by the next harness");
    }

    [Test]
    public void Adopting_the_host_namespace_as_a_lab_namespace_is_refused()
    {
        Skip.Unless(HostCapabilities.HostLab);
        var act = () => NetNamespace.Adopt("/proc/self/ns/net", "host");
        act.Should().Throw<HostModificationRefusedException>();
    }
}
