using static Vnetconf.Interop.Ethtool.LinuxEthtool;

namespace Vnetconf.Links;

/// <summary>
/// What ETHTOOL_SFEATURES answered with its positive return value: not errors, but the kernel saying that it did not
/// do everything that was asked (ethtool_set_features).
/// </summary>
[Flags]
public enum EthtoolSetResult
{
    /// <summary>Every requested bit is now as requested.</summary>
    None = 0,

    /// <summary>ETHTOOL_F_UNSUPPORTED: some requested bits are fixed on this device (not in hw_features) and were ignored.</summary>
    Unsupported = ETHTOOL_F_UNSUPPORTED,

    /// <summary>
    /// ETHTOOL_F_WISH: some bits were recorded as wanted but are not active, e.g. TSO without checksum offload
    /// (netdev_fix_features drops it) — they come on by themselves when the dependency does.
    /// </summary>
    Wish = ETHTOOL_F_WISH,

    /// <summary>ETHTOOL_F_COMPAT: the driver's legacy per-feature hooks were used.</summary>
    Compat = ETHTOOL_F_COMPAT,
}
