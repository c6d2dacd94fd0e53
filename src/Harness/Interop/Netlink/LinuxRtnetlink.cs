namespace Vnetconf.Interop.Netlink;

/// <summary>rtnetlink message types and scopes, under their native names. Mirrors include/uapi/linux/rtnetlink.h.</summary>
public static class LinuxRtnetlink
{
    public const ushort RTM_NEWLINK = 16;
    public const ushort RTM_DELLINK = 17;
    public const ushort RTM_GETLINK = 18;
    public const ushort RTM_SETLINK = 19;
    public const ushort RTM_NEWADDR = 20;
    public const ushort RTM_DELADDR = 21;
    public const ushort RTM_GETADDR = 22;
    public const ushort RTM_NEWNEIGH = 28;
    public const ushort RTM_DELNEIGH = 29;
    public const ushort RTM_GETNEIGH = 30;

    // enum rt_scope_t
    public const byte RT_SCOPE_UNIVERSE = 0;
}
