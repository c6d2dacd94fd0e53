using System.Runtime.InteropServices;

namespace Vnetconf.Interop.Ethtool;

#pragma warning disable CS8981 // the kernel's lower-case name, so the struct can be matched against the header
/// <summary>
/// ETHTOOL_GSSET_INFO's header (16 bytes); a u32 count per bit set in <see cref="sset_mask"/> follows. The kernel
/// clears the bits of sets the device does not have. Mirrors <c>struct ethtool_sset_info</c> of include/uapi/linux/ethtool.h.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct ethtool_sset_info
{
    public uint cmd;
    public uint reserved;
    public ulong sset_mask;
}
