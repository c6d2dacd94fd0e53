using NUnit.Framework;
using Vnetconf.Guest;

namespace Vnetconf.Conformance.Support;

/// <summary>
/// What every Guest test shares, prepared once per run: the <see cref="GuestPlatform"/> (image and accelerator).
/// A missing prerequisite makes the tests inconclusive with the reason and the fix; a broken image build fails them.
/// </summary>
public sealed class GuestEnvironment
{
    private static readonly Lazy<(GuestEnvironment? Environment, string? Gap)> Instance = new(Prepare);

    private GuestEnvironment(GuestPlatform platform) => Platform = platform;

    public GuestPlatform Platform { get; }
    public GuestSettings Settings => Platform.Settings;
    public GuestImage Image => Platform.Image;
    public AccelerationChoice Acceleration => Platform.Acceleration;

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
        try
        {
            var platform = GuestPlatform.Prepare(GuestSettings.FromEnvironment());
            TestContext.Progress.WriteLine($"guest: {platform}; prepared in {platform.Preparation.TotalSeconds:0.0} s");
            return (new GuestEnvironment(platform), null);
        }
        catch (GuestPlatformUnavailableException e)
        {
            return (null, e.Message);
        }
    }
}
