using System.Runtime.InteropServices;

namespace Vnetconf.Interop.Ethtool;

#pragma warning disable CS8981 // the kernel's lower-case name, so the struct can be matched against the header
/// <summary>
/// The ioctl argument that names an interface (40 bytes), as SIOCETHTOOL uses it: the name, then <c>ifr_data</c>
/// pointing at the ethtool command. Mirrors <c>struct ifreq</c> of include/uapi/linux/if.h with only the ifr_data
/// member of its 24-byte union.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 40)]
public unsafe struct ifreq
{
    [FieldOffset(0)] public fixed byte ifr_name[LinuxIf.IFNAMSIZ];
    [FieldOffset(16)] public void* ifr_data;
}
