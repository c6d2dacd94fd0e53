namespace Vnetconf.Interop;

/// <summary>Socket ioctl numbers not in Tmds.LibC, under their native names. Mirrors include/uapi/linux/sockios.h.</summary>
public static class LinuxSockios
{
    /// <summary>The ethtool ioctl: an <see cref="IfReq"/> whose ifr_data points at a command struct.</summary>
    public const int SIOCETHTOOL = 0x8946;

    /// <summary>Resolves ifr_name to ifr_ifindex in the socket's own namespace.</summary>
    public const uint SIOCGIFINDEX = 0x8933;
}
