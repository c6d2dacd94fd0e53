using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Guest;

namespace Vnetconf.Harness.Tests.Guest;

/// <summary>
/// The KVM probe against stand-ins for QEMU that write the guest's console as a real boot would, up to a point: a
/// nested KVM host can run a guest as far as the kernel's banner and hang later, and then every guest of the run would
/// time out under KVM where TCG would have served.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")] // file modes: the stand-in QEMU must be executable
public sealed class AccelerationProbeTests
{
    private static readonly GuestImage Image = new(new GuestKernel("/k/vmlinuz", "/k/modules", "6.1.0-test", "test"), "/k/initramfs.cpio", ["virtio_net"], "/k/vmlinux", "entered through PVH");

    private string directory = null!;

    [SetUp]
    public void CreateDirectory() => directory = Directory.CreateTempSubdirectory("vnetconf-kvm-probe-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(directory, recursive: true);

    [Test]
    public void A_KVM_guest_that_prints_its_banner_and_hangs_is_no_reason_to_choose_KVM()
    {
        var choice = AccelerationProbe.ProbeKvm(Image, TimeSpan.FromSeconds(1), StandIn("[    0.000000] Linux version 6.1.0-test"));

        choice.Accelerator.Should().Be(Accelerator.Tcg);
        choice.Reason.Should().Contain("did not boot to /init");
    }

    [Test]
    public void A_KVM_guest_that_boots_to_the_agents_start_is_chosen()
    {
        var choice = AccelerationProbe.ProbeKvm(Image, TimeSpan.FromSeconds(5),
            StandIn("[    0.000000] Linux version 6.1.0-test", GuestImageBuilder.AgentStartLine));

        choice.Accelerator.Should().Be(Accelerator.Kvm, choice.Reason);
    }

    /// <summary>A script that writes <paramref name="console"/> to QEMU's -serial file and then hangs, as a stuck vCPU does.</summary>
    private string StandIn(params string[] console)
    {
        var path = Path.Combine(directory, "qemu-system-x86_64");
        File.WriteAllText(path, $$"""
            #!/bin/sh
            while [ $# -gt 0 ]; do
              if [ "$1" = -serial ]; then log="${2#file:}"; fi
              shift
            done
            printf '%s\n' {{string.Join(' ', console.Select(line => $"'{line}'"))}} > "$log"
            exec sleep 30
            """);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}
