using System.Text.Json;
using Vnetconf.Guest;
using Vnetconf.Scenarios;

// Builds a full write-path lab (and, with "guest IMAGE-JSON ACCELERATOR", boots a guest on its TAP), says which
// namespaces (and which QEMU process) it made, then waits to be killed. It gives up on its own after a bounded
// time, so a test that fails before killing it cannot leave it running.
var lifetime = TimeSpan.FromSeconds(60);
using var lab = HostLab.ForWritePath(new TapOptions(VnetHeader: true), new NicOptions());
QemuMachine? guest = null;
if (args is ["guest", var imageJson, var accelerator])
{
    var image = JsonSerializer.Deserialize<GuestImage>(imageJson) ?? throw new ArgumentException("no guest image given");
    guest = QemuMachine.Boot(image, Enum.Parse<Accelerator>(accelerator), lab.Tap, new VirtioNetDeviceOptions());
}
Console.WriteLine($"READY {lab.Stack.Inode} {lab.FarOrThrow.Inode}{(guest is null ? "" : $" qemu={guest.Process.Id}")}");
Console.Out.Flush();
Thread.Sleep(lifetime);
guest?.Dispose();
