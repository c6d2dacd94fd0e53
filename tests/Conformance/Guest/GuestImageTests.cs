using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Conformance.Support;
using Vnetconf.Guest;

namespace Vnetconf.Conformance.Guest;

/// <summary>
/// The guest image as the run prepared it, without booting it. setup/guest-fixtures runs this fixture to fetch the
/// default kernel, publish the agent and build the image into the cache ahead of the first Guest run.
/// </summary>
[Category("Guest")]
public sealed class GuestImageTests
{
    [Test]
    public void The_initramfs_holds_init_busybox_the_agent_its_libraries_and_the_resolved_modules()
    {
        var environment = GuestEnvironment.Require();
        var modules = environment.Image.Modules.ToList();
        var listing = ExternalCommand.Run("cpio", ["-t", "--quiet", "-F", environment.Image.Initramfs], TimeSpan.FromSeconds(30))
            .OutputText.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        listing.Should().Contain(["init", "bin/busybox", "bin/sh", "agent/vnetconf-agent"]);
        listing.Should().Contain(name => name.EndsWith("libc.so.6", StringComparison.Ordinal));
        listing.Should().Contain(name => name.StartsWith("lib64/ld-linux", StringComparison.Ordinal));
        // Built-in modules are left out: 6.12 builds the virtio core, virtio_pci and virtio_console in.
        environment.Image.Modules.Should().Contain(["net_failover", "virtio_net", "tun", "veth"]);
        modules.IndexOf("net_failover").Should().BeLessThan(modules.IndexOf("virtio_net"));
        listing.Should().Contain(environment.Image.Modules.Select(m => $"modules/{m}.ko"));
        TestContext.Out.WriteLine($"{environment.Image}; accelerator {environment.Acceleration}");
    }

    [Test]
    public void The_accelerator_choice_carries_its_reason()
    {
        var environment = GuestEnvironment.Require();
        environment.Acceleration.Reason.Should().NotBeNullOrWhiteSpace();
        if (!File.Exists(AccelerationProbe.KvmDevice)) environment.Acceleration.Accelerator.Should().Be(Accelerator.Tcg);
    }

    /// <summary>Also prepares (and so caches, for setup/guest-fixtures) the other Debian release's kernel the suite boots.</summary>
    [Test]
    public void The_other_Debian_releases_image_holds_the_same_agent_and_its_network_modules()
    {
        var other = OtherGuestKernel.Require();
        var environment = GuestEnvironment.Require();
        other.Image.Kernel.Release.Should().NotBe(environment.Image.Kernel.Release);
        other.Image.Modules.Should().Contain(["virtio_net", "tun"]);
        TestContext.Out.WriteLine($"{other.Image}");
    }
}
