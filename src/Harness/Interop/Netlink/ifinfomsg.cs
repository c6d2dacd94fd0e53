using System.Runtime.InteropServices;

namespace Vnetconf.Interop.Netlink;

#pragma warning disable CS8981 // the kernel's lower-case name, so the struct can be matched against the header
/// <summary>
/// The family header of RTM_*LINK messages (16 bytes), also the head of a veth's VETH_INFO_PEER payload. Mirrors
/// <c>struct ifinfomsg</c> of include/uapi/linux/rtnetlink.h.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct ifinfomsg
{
    public byte ifi_family;
    public byte __ifi_pad;
    /// <summary>ARPHRD_* device type.</summary>
    public ushort ifi_type;
    public int ifi_index;
    /// <summary>IFF_* flags (see <see cref="NetDeviceFlags"/>).</summary>
    public uint ifi_flags;
    /// <summary>
    /// Which bits of <see cref="ifi_flags"/> to change. Zero is a legacy special case: the kernel then takes
    /// ifi_flags as the whole new flag word (rtnl_dev_combine_flags), so a request that changes flags names them here.
    /// </summary>
    public uint ifi_change;
}
