using System.Runtime.InteropServices;

namespace Vnetconf.Interop.Ethtool;

#pragma warning disable CS8981 // the kernel's lower-case name, so the struct can be matched against the header
/// <summary>
/// 32 feature bits to change (8 bytes): only the <see cref="valid"/> ones are touched. Mirrors
/// <c>struct ethtool_set_features_block</c> of include/uapi/linux/ethtool.h.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct ethtool_set_features_block
{
    public uint valid;
    public uint requested;
}
