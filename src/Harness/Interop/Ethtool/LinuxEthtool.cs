namespace Vnetconf.Interop.Ethtool;

/// <summary>ethtool ioctl commands and constants, under their native names. Mirrors include/uapi/linux/ethtool.h.</summary>
public static class LinuxEthtool
{
    /// <summary>Get driver info (<see cref="ethtool_drvinfo"/>).</summary>
    public const uint ETHTOOL_GDRVINFO = 0x00000003;
    /// <summary>Get the strings of a string set (<see cref="ethtool_gstrings"/>).</summary>
    public const uint ETHTOOL_GSTRINGS = 0x0000001b;
    /// <summary>Get the sizes of string sets (<see cref="ethtool_sset_info"/>).</summary>
    public const uint ETHTOOL_GSSET_INFO = 0x00000037;
    /// <summary>Get device offload settings (<see cref="ethtool_gfeatures"/>).</summary>
    public const uint ETHTOOL_GFEATURES = 0x0000003a;
    /// <summary>Change device offload settings (<see cref="ethtool_sfeatures"/>).</summary>
    public const uint ETHTOOL_SFEATURES = 0x0000003b;

    // enum ethtool_stringset
    /// <summary>The names of the netdev feature bits, in bit order (netdev_features_strings).</summary>
    public const uint ETH_SS_FEATURES = 4;

    public const int ETH_GSTRING_LEN = 32;

    // Positive, non-error returns of ETHTOOL_SFEATURES (enum ethtool_sfeatures_retval_bits).
    /// <summary>Some requested bits are not changeable on this device (not in hw_features): they were ignored.</summary>
    public const int ETHTOOL_F_UNSUPPORTED = 1 << 0;
    /// <summary>Some requested bits were recorded as wanted but are not active (a dependency, or the driver, said no).</summary>
    public const int ETHTOOL_F_WISH = 1 << 1;
    /// <summary>The request went through the legacy per-feature driver hooks.</summary>
    public const int ETHTOOL_F_COMPAT = 1 << 2;
}
