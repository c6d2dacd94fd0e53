using System.Runtime.InteropServices;

namespace Vnetconf.Interop.Ethtool;

#pragma warning disable CS8981 // the kernel's lower-case name, so the struct can be matched against the header
/// <summary>
/// ETHTOOL_GSTRINGS's header (12 bytes); <see cref="len"/> strings of ETH_GSTRING_LEN bytes each follow.
/// Mirrors <c>struct ethtool_gstrings</c> of include/uapi/linux/ethtool.h.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct ethtool_gstrings
{
    public uint cmd;
    public uint string_set;
    public uint len;
}
