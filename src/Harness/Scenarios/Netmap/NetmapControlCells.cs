using Vnetconf.Guest;
using Vnetconf.Model;
using Vnetconf.Netmap;

namespace Vnetconf.Scenarios;

/// <summary>
/// netmap's control plane in a guest: which adapter REGISTER of netmap:eth0 gets by admode, over the distribution's
/// virtio_net and over netmap's. (The VALE port-header requests are the host probe's VALE cell, run in the same guest.)
/// </summary>
public static class NetmapControlCells
{
    public const string Category = "netmap.control";

    public const string GuestPort = NetmapGuestProbe.GuestPort;

    /// <summary>The cells that need the distribution's virtio_net: a guest booted without netmap's driver.</summary>
    public static IReadOnlyList<MatrixCell> OverStockDriver(Func<ILabGuest> guest) =>
    [
        new($"{Category}.stock-driver.admode-native", Category, "stock virtio_net: REGISTER demanding native (admode=1)",
            () => (NetmapGuestCatalogue.OverStockDriver(NetmapAdapterMode.NETMAP_ADMODE_NATIVE), Register(guest(), NetmapAdapterMode.NETMAP_ADMODE_NATIVE))),
        new($"{Category}.stock-driver.admode-best", Category, "stock virtio_net: REGISTER in best mode (admode=0)",
            () => (NetmapGuestCatalogue.OverStockDriver(NetmapAdapterMode.NETMAP_ADMODE_BEST), Register(guest(), NetmapAdapterMode.NETMAP_ADMODE_BEST))),
    ];

    /// <summary>The cell that needs netmap's virtio_net loaded.</summary>
    public static MatrixCell BestOverNetmapDriver(Func<ILabGuest> guest) =>
        new($"{Category}.netmap-driver.admode-best", Category, "netmap's virtio_net: REGISTER in best mode (admode=0)",
            () => (NetmapGuestCatalogue.BestOverNetmapDriver(), Register(guest(), NetmapAdapterMode.NETMAP_ADMODE_BEST)));

    /// <summary>Registers netmap:eth0 with <paramref name="mode"/>, records the answer and the adapter, and closes the port.</summary>
    private static Observation Register(ILabGuest guest, NetmapAdapterMode mode)
    {
        var open = guest.Agent.NetmapOpen(GuestPort, mode);
        var observed = new Observation();
        if (open.PortId is { } id) guest.Agent.NetmapClose(id);
        observed.Aspects[NetmapAspects.Register] = open.Refusal ?? NetmapAspects.Accepted;
        if (open.Refusal is null)
        {
            observed.Aspects[NetmapAspects.Adapter] = open.Adapter!;
            observed.Notes.Add($"{open.AdapterEvidence}; {open.Info}; port header {open.HeaderLength}");
        }
        else
        {
            observed.Notes.Add(open.RefusalMessage ?? open.Refusal);
        }
        return observed;
    }
}
