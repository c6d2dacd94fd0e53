using NUnit.Framework;
using Vnetconf.Guest;
using Vnetconf.Scenarios;

namespace Vnetconf.Conformance.Support;

/// <summary>What a guest test adds to its NUnit result.</summary>
public static class GuestLabAttachments
{
    /// <summary>Attaches the console log to the current test when it did not pass, so a failure shows what the guest said.</summary>
    public static void AttachConsoleIfFailed(this ILabGuest guest)
    {
        if (TestContext.CurrentContext.Result.Outcome.Status is NUnit.Framework.Interfaces.TestStatus.Passed
            or NUnit.Framework.Interfaces.TestStatus.Skipped) return;
        var copy = Path.Combine(TestContext.CurrentContext.WorkDirectory,
            $"console-{TestContext.CurrentContext.Test.Name}-{Environment.ProcessId}.log".Replace('/', '_'));
        File.WriteAllText(copy, guest.ConsoleLog());
        TestContext.AddTestAttachment(copy, "guest console (ttyS0)");
        TestContext.Out.WriteLine($"guest console, last lines:\n{guest.ConsoleTail()}");
    }

    /// <summary>Boots a guest lab and says so on the progress output, with its boot time.</summary>
    public static GuestLab BootReported(GuestPlatform platform, bool vnetHeader, VirtioNetDeviceOptions device)
    {
        var guest = GuestLab.Boot(platform, vnetHeader, device);
        TestContext.Progress.WriteLine(guest.Describe());
        return guest;
    }
}
