using Vnetconf.GuestAgent;

// The guest's /init starts this after loading the NIC's modules. It serves one host on the named virtio-serial
// port until the host asks it to shut down or the channel closes; /init then powers the guest off.
var portName = args.Length > 0 ? args[0] : AgentChannel.DefaultPortName;
try
{
    using var channel = AgentChannel.Open(portName, TimeSpan.FromSeconds(10));
    new RequestLoop(channel, new RequestHandler()).Run();
    return 0;
}
catch (Exception e)
{
    // stderr is the kernel console (ttyS0): the host attaches its log to the failing test.
    Console.Error.WriteLine($"vnetconf-agent: {e}");
    return 1;
}
