using NUnit.Framework;
using Vnetconf.Guest;
using Vnetconf.Scenarios;

namespace Vnetconf.Conformance.Support;

/// <summary>
/// A write-path lab whose TAP is the backend of a booted guest: [guest eth0] ─ QEMU ─ tap0 ─ br0 ─ nic0 ══ wire0 [far].
/// Disposing it kills QEMU first, then tears the namespaces down.
/// </summary>
public sealed class GuestLab : IDisposable
{
    private GuestLab(HostLab lab, QemuMachine machine)
    {
        Lab = lab;
        Machine = machine;
    }

    public HostLab Lab { get; }
    public QemuMachine Machine { get; }
    public AgentClient Agent => Machine.Agent;

    /// <summary>
    /// Builds the lab with a TAP with or without IFF_VNET_HDR (QEMU's vnet_hdr for an fd) and boots the guest on it,
    /// from <paramref name="image"/> when a fixture needs another image of the same kernel (e.g. with netmap modules),
    /// and with <paramref name="vhost"/> the kernel's vhost-net moving the guest's frames instead of QEMU.
    /// </summary>
    public static GuestLab Boot(GuestEnvironment environment, bool vnetHeader, VirtioNetDeviceOptions device, GuestImage? image = null, bool vhost = false)
    {
        var lab = HostLab.ForWritePath(new TapOptions(VnetHeader: vnetHeader), new NicOptions());
        try
        {
            var machine = QemuMachine.Boot(image ?? environment.Image, environment.Acceleration.Accelerator, lab.Tap, device, vhost: vhost);
            TestContext.Progress.WriteLine(
                $"guest {machine.Hello.KernelRelease} booted in {machine.BootTime.TotalSeconds:0.0} s ({environment.Acceleration.Accelerator}, vnet_hdr={(vnetHeader ? "on" : "off")}{(vhost ? ", vhost=on" : "")}, {device})");
            return new GuestLab(lab, machine);
        }
        catch
        {
            lab.Dispose();
            throw;
        }
    }

    /// <summary>Attaches the console log to the current test when it did not pass, so a failure shows what the guest said.</summary>
    public void AttachConsoleIfFailed()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status is NUnit.Framework.Interfaces.TestStatus.Passed
            or NUnit.Framework.Interfaces.TestStatus.Skipped) return;
        var copy = Path.Combine(TestContext.CurrentContext.WorkDirectory,
            $"console-{TestContext.CurrentContext.Test.Name}-{Environment.ProcessId}.log".Replace('/', '_'));
        File.WriteAllText(copy, Machine.ConsoleLog());
        TestContext.AddTestAttachment(copy, "guest console (ttyS0)");
        TestContext.Out.WriteLine($"guest console, last lines:\n{Machine.ConsoleTail()}");
    }

    public void Dispose()
    {
        try
        {
            Machine.Dispose();
        }
        finally
        {
            Lab.Dispose();
        }
    }
}
