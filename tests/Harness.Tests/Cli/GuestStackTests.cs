using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Cli;
using Vnetconf.Guest;

namespace Vnetconf.Harness.Tests.Cli;

public sealed class GuestStackTests
{
    [Test]
    public void Stacks_of_one_kernel_are_named_by_their_QEMU()
    {
        var stacks = GuestStack.Combine([new KernelSpec.Debian(DebianRelease.Bookworm)],
            [new QemuSpec.Host(), new QemuSpec.Debian(DebianRelease.Bullseye), new QemuSpec.Container(), new QemuSpec.Debian(DebianRelease.Sid)]);
        stacks.Select(s => s.Name).Should().Equal("qemu-host", "qemu-debian-11", "qemu-container", "qemu-sid");
    }

    [Test]
    public void Stacks_of_several_kernels_and_QEMUs_are_named_by_both()
    {
        var stacks = GuestStack.Combine([new KernelSpec.Debian(DebianRelease.Bookworm), new KernelSpec.Debian(DebianRelease.Sid)],
            [new QemuSpec.Host(), new QemuSpec.Image("team/qemu:9.2")]);
        stacks.Select(s => s.Name).Should().Equal("debian-12.qemu-host", "debian-12.qemu-image-team-qemu-9.2", "sid.qemu-host", "sid.qemu-image-team-qemu-9.2");
    }

    [Test]
    public void Two_QEMUs_of_one_label_get_a_directory_each()
    {
        var stacks = GuestStack.Combine([], [new QemuSpec.Binary("/usr/bin/qemu-system-x86_64", null), new QemuSpec.Binary("/tmp/x/usr/bin/qemu-system-x86_64", null)]);
        stacks.Select(s => s.Name).Should().Equal("qemu-usr-bin", "qemu-usr-bin-2");
    }
}
