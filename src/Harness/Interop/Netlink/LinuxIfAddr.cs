namespace Vnetconf.Interop.Netlink;

/// <summary>Address attributes and flags (IFA_*), under their native names. Mirrors include/uapi/linux/if_addr.h.</summary>
internal static class LinuxIfAddr
{
    public const ushort IFA_ADDRESS = 1;
    public const ushort IFA_LOCAL = 2;

    /// <summary>Skip duplicate address detection: an IPv6 address is usable at once instead of "tentative" for about a second.</summary>
    public const byte IFA_F_NODAD = 0x02;
}
