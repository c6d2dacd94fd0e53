using System.Runtime.InteropServices;

namespace Vnetconf.Interop.Ethtool;

#pragma warning disable CS8981 // the kernel's lower-case name, so the struct can be matched against the header
/// <summary>ETHTOOL_GDRVINFO's argument and answer (196 bytes). Mirrors <c>struct ethtool_drvinfo</c> of include/uapi/linux/ethtool.h.</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct ethtool_drvinfo
{
    public uint cmd;
    public fixed byte driver[32];
    public fixed byte version[32];
    public fixed byte fw_version[32];
    public fixed byte bus_info[32];
    public fixed byte erom_version[32];
    public fixed byte reserved2[12];
    public uint n_priv_flags;
    public uint n_stats;
    public uint testinfo_len;
    public uint eedump_len;
    public uint regdump_len;
}
