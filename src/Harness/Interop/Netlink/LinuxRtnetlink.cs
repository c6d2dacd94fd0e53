namespace Vnetconf.Interop.Netlink;

/// <summary>rtnetlink message types and scopes, under their native names. Mirrors include/uapi/linux/rtnetlink.h.</summary>
internal static class LinuxRtnetlink
{
    public const ushort RTM_NEWLINK = 16;
    public const ushort RTM_DELLINK = 17;
    public const ushort RTM_GETLINK = 18;
    public const ushort RTM_NEWADDR = 20;
    public const ushort RTM_NEWNEIGH = 28;

    // enum rt_scope_t
    public const byte RT_SCOPE_UNIVERSE = 0;
}
