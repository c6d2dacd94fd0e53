namespace Vnetconf.Netmap;

/// <summary>
/// The values of netmap's <c>admode</c> module parameter (NETMAP_ADMODE_* in sys/dev/netmap/netmap.c), which
/// decides at REGISTER whether an interface gets its driver's native adapter or the emulated (generic) one.
/// The decision is made only when no fd is bound to the interface yet; a bound adapter is reused whatever admode says.
/// </summary>
public enum NetmapAdapterMode
{
    /// <summary>Native when the driver is netmap-patched, else generic (the default).</summary>
    NETMAP_ADMODE_BEST = 0,
    /// <summary>Native or nothing: REGISTER fails with EOPNOTSUPP when the driver has no native support.</summary>
    NETMAP_ADMODE_NATIVE = 1,
    /// <summary>Always the emulated adapter.</summary>
    NETMAP_ADMODE_GENERIC = 2,
}
