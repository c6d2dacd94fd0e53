using System.Runtime.InteropServices;

namespace Vnetconf.Interop.Ethtool;

#pragma warning disable CS8981 // the kernel's lower-case name, so the struct can be matched against the header
/// <summary>
/// 32 feature bits as ETHTOOL_GFEATURES reports them (16 bytes). Mirrors <c>struct ethtool_get_features_block</c> of
/// include/uapi/linux/ethtool.h.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct ethtool_get_features_block
{
    /// <summary>Changeable (dev->hw_features).</summary>
    public uint available;
    /// <summary>Wanted by the user (dev->wanted_features).</summary>
    public uint requested;
    /// <summary>In effect (dev->features).</summary>
    public uint active;
    /// <summary>Never changeable, whatever hw_features says (NETIF_F_NEVER_CHANGE).</summary>
    public uint never_changed;
}
