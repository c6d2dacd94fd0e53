using System.Text.Json;
using Vnetconf.Container;
using Vnetconf.Guest;
using Vnetconf.Scenarios;

// Builds a full write-path lab (with "guest IMAGE-JSON ACCELERATOR" and a guest booted on its TAP by the host's QEMU;
// with "container IMAGE-JSON" the lab in a container's namespace and the guest booted by the container's QEMU), says
// which namespaces (and which QEMU process or container) it made, then waits to be killed. It gives up on its own
// after a bounded time, so a test that fails before killing it cannot leave it running.
var lifetime = TimeSpan.FromSeconds(60);
GuestImage Image(string json) => JsonSerializer.Deserialize<GuestImage>(json) ?? throw new ArgumentException("no guest image given");

if (args is ["container", var containerImageJson])
{
    using var machine = ContainerQemuMachine.Boot(Image(containerImageJson), tapVnetHeader: true, new VirtioNetDeviceOptions());
    Ready($"{machine.Lab.Stack.Inode} {machine.Lab.FarOrThrow.Inode} container={machine.ContainerId}");
    Thread.Sleep(lifetime);
    return;
}

using var lab = HostLab.ForWritePath(new TapOptions(VnetHeader: true), new NicOptions());
QemuMachine? guest = null;
if (args is ["guest", var imageJson, var accelerator])
    guest = QemuMachine.Boot(Image(imageJson), Enum.Parse<Accelerator>(accelerator), lab.Tap, new VirtioNetDeviceOptions());
Ready($"{lab.Stack.Inode} {lab.FarOrThrow.Inode}{(guest is null ? "" : $" qemu={guest.Process.Id}")}");
Thread.Sleep(lifetime);
guest?.Dispose();

static void Ready(string what)
{
    Console.WriteLine($"READY {what}");
    Console.Out.Flush();
}
