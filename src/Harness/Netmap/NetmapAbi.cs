namespace Vnetconf.Netmap;

/// <summary>
/// netmap's constants that are not enumerations: the device, the API version, the ioctl numbers and the sizes
/// the control API is built on. Names and values mirror sys/net/netmap.h (ioctl numbers are the x86_64 Linux
/// encodings of its _IO/_IOWR definitions).
/// </summary>
public static class NetmapAbi
{
    /// <summary>The control device every netmap port is opened through.</summary>
    public const string DevicePath = "/dev/netmap";

    /// <summary>NETMAP_API: the version this binding speaks; the kernel accepts NETMAP_MIN_API..NETMAP_MAX_API (14..15).</summary>
    public const ushort NETMAP_API = 14;

    /// <summary>NETMAP_REQ_IFNAMSIZ: the size of <c>nmreq_header.nr_name</c>, terminating NUL included.</summary>
    public const int NETMAP_REQ_IFNAMSIZ = 64;

    /// <summary>NETMAP_RING_MASK: ring ids of <c>-N</c> and <c>^N</c> must stay below it.</summary>
    public const ushort NETMAP_RING_MASK = 0x0fff;

    /// <summary>NM_BDG_NAME: the prefix of VALE switch port names.</summary>
    public const string NM_BDG_NAME = "vale";

    /// <summary>IFNAMSIZ as netmap_if.ni_name uses it (net/if.h).</summary>
    public const int IFNAMSIZ = 16;

    /// <summary>NIOCCTRL = _IOWR('i', 151, struct nmreq_header): every request of the control API.</summary>
    public const uint NIOCCTRL = 0xc0586997;

    /// <summary>NIOCTXSYNC = _IO('i', 148): hand the TX slots between head and the old head to the kernel.</summary>
    public const uint NIOCTXSYNC = 0x00006994;

    /// <summary>NIOCRXSYNC = _IO('i', 149): give back consumed RX slots and learn of new ones.</summary>
    public const uint NIOCRXSYNC = 0x00006995;
}
