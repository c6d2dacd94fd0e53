using System.Reflection;
using NUnit.Framework;
using Vnetconf.Guest;

namespace Vnetconf.Conformance.Support;

/// <summary>
/// What every Guest test shares, prepared once per run: the guest image (kernel, modules, agent) and the accelerator.
/// A missing prerequisite makes the tests inconclusive with the reason and the fix; a broken image build fails them.
/// </summary>
public sealed class GuestEnvironment
{
    /// <summary>How long a KVM guest may take to print its kernel banner before KVM is declared unusable.</summary>
    private static readonly TimeSpan KvmProbeTimeout = TimeSpan.FromSeconds(10);

    private static readonly Lazy<(GuestEnvironment? Environment, string? Gap)> Instance = new(Prepare);

    private GuestEnvironment(GuestSettings settings, GuestImage image, AccelerationChoice acceleration, TimeSpan preparation)
    {
        Settings = settings;
        Image = image;
        Acceleration = acceleration;
        Preparation = preparation;
    }

    public GuestSettings Settings { get; }
    public GuestImage Image { get; }
    public AccelerationChoice Acceleration { get; }

    /// <summary>How long fetching, publishing, building and probing took in this run.</summary>
    public TimeSpan Preparation { get; }

    /// <summary>The shared environment, or Assert.Ignore with what is missing.</summary>
    public static GuestEnvironment Require()
    {
        Prerequisites.RequireHostLab();
        var (environment, gap) = Instance.Value;
        if (environment is null) Assert.Ignore(gap ?? "the guest environment is unavailable");
        return environment!;
    }

    private static (GuestEnvironment?, string?) Prepare()
    {
        if (ExternalCommand.Find(QemuArguments.Binary) is null)
            return (null, $"no {QemuArguments.Binary}: the Guest tests boot real guests. Fix: setup/guest-fixtures (apt-get install qemu-system-x86).");
        if (!File.Exists(GuestImageBuilder.BusyboxPath))
            return (null, $"no {GuestImageBuilder.BusyboxPath}: the guest's /init runs on busybox. Fix: setup/guest-fixtures (apt-get install busybox-static).");

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var settings = GuestSettings.FromEnvironment();
        GuestKernel kernel;
        try
        {
            kernel = GuestKernelLocator.Locate(settings);
        }
        catch (InvalidOperationException e)
        {
            return (null, e.Message);
        }

        var root = typeof(GuestEnvironment).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "RepositoryRoot").Value!;
        var agent = GuestAgentBuild.Locate(root, settings.CacheDirectory);
        var image = GuestImageBuilder.Build(kernel, agent, settings.CacheDirectory);
        var acceleration = AccelerationProbe.Choose(image, KvmProbeTimeout);
        var environment = new GuestEnvironment(settings, image, acceleration, clock.Elapsed);
        TestContext.Progress.WriteLine($"guest: {image}; accelerator {acceleration}; prepared in {clock.Elapsed.TotalSeconds:0.0} s");
        return (environment, null);
    }
}
