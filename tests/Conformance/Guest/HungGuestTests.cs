using System.Diagnostics;
using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Conformance.Support;
using Vnetconf.Guest;
using Vnetconf.Scenarios;

namespace Vnetconf.Conformance.Guest;

/// <summary>A guest that never answers must cost its timeout and no more, say why, and leave no QEMU behind.</summary>
[Category("Guest")]
public sealed class HungGuestTests
{
    [Test]
    public void A_guest_whose_agent_never_answers_is_killed_at_its_timeout_with_its_console_in_the_error()
    {
        var environment = GuestEnvironment.Require();
        using var lab = HostLab.ForWritePath(new TapOptions(VnetHeader: true), new NicOptions());
        // Long enough for the kernel's banner to reach the console (about 1 s into a TCG boot here), which the error must carry.
        var timeout = TimeSpan.FromSeconds(8);
        var clock = Stopwatch.StartNew();

        // rdinit=/bin/sh: the kernel boots, but its first process is a shell waiting on the console, so no agent ever starts.
        var boot = () => QemuMachine.Boot(environment.Image, environment.Acceleration.Accelerator, lab.Tap, new VirtioNetDeviceOptions(),
            timeout, extraKernelArguments: "rdinit=/bin/sh");

        var failure = boot.Should().Throw<AgentException>().Which;
        clock.Elapsed.Should().BeLessThan(timeout + TimeSpan.FromSeconds(10), "the boot timeout bounds the wait");
        failure.Message.Should().Contain("guest boot failed").And.Contain("Linux version", "the console log is part of the error");
        Process.GetProcessesByName("qemu-system-x86_64").Should().BeEmpty("the hung guest's QEMU is killed, not left running");
    }
}
