using NUnit.Framework;
using Vnetconf.Guest;
using Vnetconf.Model;
using Vnetconf.Scenarios;
using Vnetconf.TestSupport;

namespace Vnetconf.Perf;

/// <summary>
/// What the Perf category needs from the host. A missing piece makes the affected test skipped with the reason
/// and the fix, never a failure and never a pass.
/// </summary>
public static class PerfPrerequisites
{
    /// <summary>
    /// What guests boot from (image and accelerator), prepared as the Guest category prepares it; skipped with the
    /// missing tool or kernel source and its fix when the host cannot boot guests.
    /// </summary>
    public static GuestPlatform RequireGuestPlatform() => Skip.Unless(GuestLab.DefaultPlatform);

    /// <summary><paramref name="release"/>'s newest Debian cloud kernel, prepared as <paramref name="platform"/> is (fetched into the cache on first use).</summary>
    public static Requirement<GuestPlatform> DebianKernel(GuestPlatform platform, DebianRelease release) =>
        GuestPlatform.For(platform.Settings with { Kernel = new KernelSpec.Debian(release) });

    /// <summary>Why the C write() loop cannot be built here, or null when gcc is on PATH.</summary>
    public static string? CompilerGap() => Missing("gcc",
        "no gcc on PATH: the C write() loop, the injection ceiling, is compiled at test time. Fix: apt-get install gcc libc6-dev");

    /// <summary>Why iperf3 cannot run here, or null when it is on PATH.</summary>
    public static string? Iperf3Gap() => Missing("iperf3",
        "no iperf3 on PATH: it is the TCP and UDP peer on the bridge and veth path. Fix: apt-get install iperf3");

    private static string? Missing(string tool, string gap) => ExternalCommand.Find(tool) is null ? gap : null;
}
