using Vnetconf.Scenarios;

// Builds a full write-path lab, says which namespaces it made, then waits to be killed. It gives up on its own
// after a bounded time, so a test that fails before killing it cannot leave it running.
using var lab = HostLab.ForWritePath(new TapOptions(VnetHeader: true), new NicOptions());
Console.WriteLine($"READY {lab.Stack.Inode} {lab.FarOrThrow.Inode}");
Console.Out.Flush();
Thread.Sleep(TimeSpan.FromSeconds(args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 60));
