using System.Runtime.InteropServices;

namespace Vnetconf.Interop.Ethtool;

#pragma warning disable CS8981 // the kernel's lower-case name, so the struct can be matched against the header
/// <summary>
/// ETHTOOL_SFEATURES's header (8 bytes); <see cref="size"/> <see cref="ethtool_set_features_block"/>s follow. The
/// kernel refuses (EINVAL) any size but its own block count. Mirrors <c>struct ethtool_sfeatures</c> of
/// include/uapi/linux/ethtool.h.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct ethtool_sfeatures
{
    public uint cmd;
    public uint size;
}
