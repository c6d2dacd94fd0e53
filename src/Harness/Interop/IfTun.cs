namespace Vnetconf.Interop;

/// <summary>The TUN/TAP character device's ioctls, mirroring include/uapi/linux/if_tun.h.</summary>
public static class IfTun
{
    public const string DevicePath = "/dev/net/tun";

    // _IOW('T', n, int) / _IOR('T', n, unsigned int) from if_tun.h, computed for the generic ioctl encoding.
    public const uint TUNSETIFF = 0x400454CA;
    public const uint TUNSETPERSIST = 0x400454CB;
    public const uint TUNGETFEATURES = 0x800454CF;
    public const uint TUNSETOFFLOAD = 0x400454D0;
    public const uint TUNGETIFF = 0x800454D2;
    public const uint TUNGETVNETHDRSZ = 0x800454D7;
    public const uint TUNSETVNETHDRSZ = 0x400454D8;
    public const uint TUNSETQUEUE = 0x400454D9;
    public const uint TUNSETVNETLE = 0x400454DC;
    public const uint TUNGETVNETLE = 0x800454DD;
    public const uint TUNSETVNETBE = 0x400454DE;
    public const uint TUNGETVNETBE = 0x800454DF;

    /// <summary>The ioctl name for messages.</summary>
    public static string Name(uint request) => request switch
    {
        TUNSETIFF => nameof(TUNSETIFF),
        TUNSETPERSIST => nameof(TUNSETPERSIST),
        TUNGETFEATURES => nameof(TUNGETFEATURES),
        TUNSETOFFLOAD => nameof(TUNSETOFFLOAD),
        TUNGETIFF => nameof(TUNGETIFF),
        TUNGETVNETHDRSZ => nameof(TUNGETVNETHDRSZ),
        TUNSETVNETHDRSZ => nameof(TUNSETVNETHDRSZ),
        TUNSETQUEUE => nameof(TUNSETQUEUE),
        TUNSETVNETLE => nameof(TUNSETVNETLE),
        TUNGETVNETLE => nameof(TUNGETVNETLE),
        TUNSETVNETBE => nameof(TUNSETVNETBE),
        TUNGETVNETBE => nameof(TUNGETVNETBE),
        _ => $"ioctl 0x{request:x8}",
    };
}

/// <summary>ifr_flags values for TUNSETIFF / TUNGETIFF / TUNGETFEATURES (if_tun.h).</summary>
[Flags]
public enum TunFlags : ushort
{
    None = 0,
    IFF_TUN = 0x0001,
    IFF_TAP = 0x0002,
    IFF_NAPI = 0x0010,
    IFF_NAPI_FRAGS = 0x0020,
    IFF_NO_CARRIER = 0x0040,
    IFF_MULTI_QUEUE = 0x0100,
    IFF_ATTACH_QUEUE = 0x0200,
    IFF_DETACH_QUEUE = 0x0400,
    IFF_PERSIST = 0x0800,
    /// <summary>Shares its value with IFF_NOFILTER, which TUNGETIFF ORs in whenever no filter is attached.</summary>
    IFF_NO_PI = 0x1000,
    IFF_ONE_QUEUE = 0x2000,
    IFF_VNET_HDR = 0x4000,
    IFF_TUN_EXCL = 0x8000,
}

/// <summary>TUNSETOFFLOAD argument bits (if_tun.h TUN_F_*): the offloads the reader can accept.</summary>
[Flags]
public enum TunOffloads : uint
{
    None = 0,
    TUN_F_CSUM = 0x01,
    TUN_F_TSO4 = 0x02,
    TUN_F_TSO6 = 0x04,
    TUN_F_TSO_ECN = 0x08,
    TUN_F_UFO = 0x10,
    TUN_F_USO4 = 0x20,
    TUN_F_USO6 = 0x40,
    TUN_F_UDP_TUNNEL_GSO = 0x80,
    TUN_F_UDP_TUNNEL_GSO_CSUM = 0x100,
}
