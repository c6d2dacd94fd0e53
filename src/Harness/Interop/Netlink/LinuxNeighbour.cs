namespace Vnetconf.Interop.Netlink;

/// <summary>Neighbour attributes and states (NDA_*, NUD_*), under their native names. Mirrors include/uapi/linux/neighbour.h.</summary>
internal static class LinuxNeighbour
{
    public const ushort NDA_DST = 1;
    public const ushort NDA_LLADDR = 2;

    /// <summary>A static entry: never probed, never expires; no ARP/ND traffic is needed to reach the address.</summary>
    public const ushort NUD_PERMANENT = 0x80;
}
