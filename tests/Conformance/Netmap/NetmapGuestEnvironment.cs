using NUnit.Framework;
using Vnetconf.Conformance.Support;
using Vnetconf.Guest;

namespace Vnetconf.Conformance.Netmap;

/// <summary>
/// The guest environment plus the user's netmap modules: an image of the same kernel that also carries and loads
/// them. Without VNETCONF_NETMAP_MODULES every Netmap test is ignored at once, before any image is built or guest
/// booted; modules built for another kernel fail the tests, since the user asked for netmap and would get none.
/// </summary>
public sealed class NetmapGuestEnvironment
{
    private static readonly Lazy<NetmapGuestEnvironment> Instance = new(Prepare);

    private NetmapGuestEnvironment(GuestEnvironment guest, NetmapGuestModules modules, GuestImage image, GuestImage stockImage)
    {
        Guest = guest;
        Modules = modules;
        Image = image;
        StockImage = stockImage;
    }

    public GuestEnvironment Guest { get; }
    public NetmapGuestModules Modules { get; }
    public GuestImage Image { get; }

    /// <summary>netmap.ko over the distribution's virtio_net: <see cref="Image"/> itself when the modules have no netmap virtio_net.</summary>
    public GuestImage StockImage { get; }

    /// <summary>The shared environment, or Assert.Ignore saying which variable or option enables netmap.</summary>
    public static NetmapGuestEnvironment Require()
    {
        if (NetmapGuestModules.FromEnvironment() is null) Assert.Ignore(NetmapGuestModules.NotConfiguredReason);
        GuestEnvironment.Require();
        return Instance.Value;
    }

    private static NetmapGuestEnvironment Prepare()
    {
        var guest = GuestEnvironment.Require();
        var modules = NetmapGuestModules.FromEnvironment()!;
        var image = guest.Platform.ImageWith(modules);
        var stockImage = modules.PatchedDriverPath is null ? image : guest.Platform.ImageWith(modules.WithStockDriver());
        TestContext.Progress.WriteLine($"netmap guest: {modules}; {image}");
        return new NetmapGuestEnvironment(guest, modules, image, stockImage);
    }
}
