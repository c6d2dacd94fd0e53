using System.Runtime.InteropServices;

namespace Vnetconf.Interop.Ethtool;

#pragma warning disable CS8981 // the kernel's lower-case name, so the struct can be matched against the header
/// <summary>
/// ETHTOOL_GFEATURES's header (8 bytes); <see cref="size"/> <see cref="ethtool_get_features_block"/>s follow, one per
/// 32 feature bits. The kernel writes back how many blocks it has. Mirrors <c>struct ethtool_gfeatures</c> of
/// include/uapi/linux/ethtool.h.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct ethtool_gfeatures
{
    public uint cmd;
    public uint size;
}
