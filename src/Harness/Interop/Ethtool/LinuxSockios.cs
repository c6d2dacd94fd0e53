namespace Vnetconf.Interop.Ethtool;

/// <summary>Socket ioctl numbers not in Tmds.LibC, under their native names. Mirrors include/uapi/linux/sockios.h.</summary>
public static class LinuxSockios
{
    /// <summary>The ethtool ioctl: an <see cref="ifreq"/> whose ifr_data points at a command struct.</summary>
    public const int SIOCETHTOOL = 0x8946;
}
