using NUnit.Framework;
using Vnetconf.Guest;
using Vnetconf.Scenarios;
using Vnetconf.TestSupport;

namespace Vnetconf.Conformance.Support;

/// <summary>
/// What every Guest test shares, prepared once per run: the <see cref="GuestPlatform"/> (image and accelerator).
/// A missing prerequisite makes the tests inconclusive with the reason and the fix; a broken image build fails them.
/// </summary>
public sealed class GuestEnvironment
{
    private static readonly Lazy<GuestEnvironment> Instance = new(() =>
    {
        var platform = GuestLab.DefaultPlatform.Value;
        TestContext.Progress.WriteLine($"guest: {platform}; prepared in {platform.Preparation.TotalSeconds:0.0} s");
        return new GuestEnvironment(platform);
    });

    private GuestEnvironment(GuestPlatform platform) => Platform = platform;

    public GuestPlatform Platform { get; }
    public GuestSettings Settings => Platform.Settings;
    public GuestImage Image => Platform.Image;
    public AccelerationChoice Acceleration => Platform.Acceleration;

    /// <summary>The shared environment, or Assert.Ignore with what is missing.</summary>
    public static GuestEnvironment Require()
    {
        Skip.Unless(GuestLab.DefaultPlatform);
        return Instance.Value;
    }
}
