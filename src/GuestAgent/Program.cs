using Vnetconf.Guest;
using Vnetconf.GuestAgent;

// The guest's /init starts this after loading the NIC's modules. It serves one host on the virtio-serial port QEMU
// named for it (QemuArguments.AgentPortName, the one name both ends use) until the channel closes; /init then
// powers the guest off.
try
{
    using var channel = AgentChannel.Open(QemuArguments.AgentPortName, TimeSpan.FromSeconds(10));
    new RequestLoop(channel, new RequestHandler()).Run();
    return 0;
}
catch (Exception e)
{
    // stderr is the kernel console (ttyS0): the host attaches its log to the failing test.
    Console.Error.WriteLine($"vnetconf-agent: {e}");
    return 1;
}
