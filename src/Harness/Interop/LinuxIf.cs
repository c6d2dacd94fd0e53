namespace Vnetconf.Interop;

/// <summary>Interface constants, under their native names. Mirrors include/uapi/linux/if.h.</summary>
internal static class LinuxIf
{
    /// <summary>Size of an interface name buffer, NUL included: names have at most 15 bytes.</summary>
    public const int IFNAMSIZ = 16;
}
