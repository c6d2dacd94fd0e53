using System.Diagnostics;
using Vnetconf.Model;

namespace Vnetconf.Guest;

/// <summary>
/// What every guest of a run boots from, prepared once: the image (kernel, modules, agent) and the accelerator, with
/// the settings they were chosen by. The tests and the CLI prepare it alike; what they do with a missing
/// prerequisite differs (ignore the tests, or exit with the reason), so that is a <see cref="GuestPlatformUnavailableException"/>.
/// </summary>
public sealed record GuestPlatform(GuestSettings Settings, GuestImage Image, AccelerationChoice Acceleration, TimeSpan Preparation)
{
    /// <summary>How long a KVM guest may take to print its kernel banner before KVM is declared unusable.</summary>
    public static readonly TimeSpan KvmProbeTimeout = TimeSpan.FromSeconds(10);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<GuestSettings, Requirement<GuestPlatform>> Prepared = new();

    /// <summary>
    /// The platform of <paramref name="settings"/> as a requirement: prepared (<see cref="Prepare"/>) at most once per
    /// process and settings, so the stacks, fixtures and tests of one kernel share it, or unmet with the missing tool or
    /// kernel source and its fix.
    /// </summary>
    public static Requirement<GuestPlatform> For(GuestSettings settings) =>
        Prepared.GetOrAdd(settings, s => new Requirement<GuestPlatform>($"a guest platform ({s.Kernel?.ToString() ?? "the default kernel"})", () => Prepare(s)));

    /// <summary>
    /// Locates the kernel, publishes the agent, builds the image (all cached) and chooses the accelerator; throws
    /// <see cref="GuestPlatformUnavailableException"/> with the fix when the host lacks a tool or a kernel source.
    /// </summary>
    private static GuestPlatform Prepare(GuestSettings settings)
    {
        if (ExternalCommand.Find(QemuArguments.Binary) is null)
            throw new GuestPlatformUnavailableException($"no {QemuArguments.Binary}: guests are real QEMU machines. Fix: setup/guest-fixtures (apt-get install qemu-system-x86).");
        if (!File.Exists(GuestImageBuilder.BusyboxPath))
            throw new GuestPlatformUnavailableException($"no {GuestImageBuilder.BusyboxPath}: the guest's /init runs on busybox. Fix: setup/guest-fixtures (apt-get install busybox-static).");

        var clock = Stopwatch.StartNew();
        GuestKernel kernel;
        try
        {
            kernel = GuestKernelLocator.Locate(settings);
        }
        catch (InvalidOperationException e)
        {
            throw new GuestPlatformUnavailableException(e.Message);
        }
        var agent = GuestAgentBuild.Locate(settings.CacheDirectory);
        var image = GuestImageBuilder.Build(kernel, PvhKernel.EntryOf(kernel, settings.CacheDirectory), agent, settings.CacheDirectory);
        return new GuestPlatform(settings, image, AccelerationProbe.Choose(image, KvmProbeTimeout), clock.Elapsed);
    }

    /// <summary>An image of the same kernel and agent that also carries and loads the user's netmap modules.</summary>
    public GuestImage ImageWith(NetmapGuestModules netmap)
    {
        netmap.Validate(Image.Kernel.Release);
        return GuestImageBuilder.Build(Image.Kernel, (Image.BootKernel, Image.Entry), GuestAgentBuild.Locate(Settings.CacheDirectory), Settings.CacheDirectory, netmap: netmap);
    }

    public override string ToString() => $"{Image}; accelerator {Acceleration}";
}
