using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Engine;
using Vnetconf.Guest;

namespace Vnetconf.Harness.Tests.Engine;

public sealed class GuestStackTests
{
    [Test]
    public void Stacks_of_one_kernel_are_named_by_their_QEMU()
    {
        var stacks = GuestStack.Combine([new KernelSpec.Debian(DebianRelease.Bookworm)],
            [new QemuSpec.Host(), new QemuSpec.Debian(DebianRelease.Bullseye), new QemuSpec.Container(), new QemuSpec.Debian(DebianRelease.Sid)], []);
        stacks.Select(s => s.Name).Should().Equal("qemu-host", "qemu-debian-11", "qemu-container", "qemu-sid");
    }

    [Test]
    public void Stacks_of_several_kernels_and_QEMUs_are_named_by_both()
    {
        var stacks = GuestStack.Combine([new KernelSpec.Debian(DebianRelease.Bookworm), new KernelSpec.Debian(DebianRelease.Sid)],
            [new QemuSpec.Host(), new QemuSpec.Image("team/qemu:9.2")], []);
        stacks.Select(s => s.Name).Should().Equal("debian-12.qemu-host", "debian-12.qemu-image-team-qemu-9.2", "sid.qemu-host", "sid.qemu-image-team-qemu-9.2");
    }

    [Test]
    public void Two_QEMUs_of_one_label_get_a_directory_each()
    {
        var stacks = GuestStack.Combine([], [new QemuSpec.Binary("/usr/bin/qemu-system-x86_64", null), new QemuSpec.Binary("/tmp/x/usr/bin/qemu-system-x86_64", null)], []);
        stacks.Select(s => s.Name).Should().Equal("qemu-usr-bin", "qemu-usr-bin-2");
    }

    [Test]
    public void Netmap_builds_multiply_the_stacks_named_by_label_and_only_the_first_runs_the_other_guest_cells()
    {
        var builds = NetmapGuestModules.FromOptions(["/a,label=A", "/b,label=B"]);

        var stacks = GuestStack.Combine([], [new QemuSpec.Host(), new QemuSpec.Container()], builds);

        stacks.Select(s => (s.Name, s.Netmap!.Label, s.RunsGuestMatrix)).Should().Equal(
            ("qemu-host.netmap-A", "A", true), ("qemu-host.netmap-B", "B", false),
            ("qemu-container.netmap-A", "A", true), ("qemu-container.netmap-B", "B", false));
        GuestStack.Combine([], [new QemuSpec.Host()], builds).Select(s => s.Name).Should().Equal("netmap-A", "netmap-B");
    }

    [Test]
    public void One_netmap_build_is_no_dimension_of_its_own()
    {
        var build = NetmapGuestModules.FromOptions(["/a,label=A"]).Single();

        GuestStack.Combine([], [new QemuSpec.Host()], [build]).Should().ContainSingle()
            .Which.Should().Match<GuestStack>(s => s.Name == "default" && s.Netmap == build && s.RunsGuestMatrix);
    }

    [Test]
    public void With_vhost_each_stack_of_a_QEMU_on_this_host_gets_a_vhost_twin_and_a_containers_none()
    {
        var stacks = GuestStack.Combine([], [new QemuSpec.Host(), new QemuSpec.Container()], [], vhost: true);

        stacks.Select(s => (s.Name, s.Vhost)).Should().Equal(("qemu-host", false), ("qemu-host.vhost", true), ("qemu-container", false));
        GuestStack.Combine([], [new QemuSpec.Host()], [], vhost: true).Select(s => (s.Name, s.Vhost)).Should().Equal(("default", false), ("vhost", true));
    }
}
