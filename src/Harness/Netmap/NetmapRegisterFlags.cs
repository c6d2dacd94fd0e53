namespace Vnetconf.Netmap;

/// <summary><c>nmreq_register.nr_flags</c> (sys/net/netmap.h). Bit 0x1000 is unused by netmap.</summary>
[Flags]
public enum NetmapRegisterFlags : ulong
{
    None = 0,
    /// <summary>Port-name flag <c>t</c>: copy monitor of the TX side.</summary>
    NR_MONITOR_TX = 0x100,
    /// <summary>Port-name flag <c>r</c>: copy monitor of the RX side.</summary>
    NR_MONITOR_RX = 0x200,
    /// <summary>Port-name flag <c>z</c>: zero-copy monitor.</summary>
    NR_ZCOPY_MON = 0x400,
    /// <summary>Port-name flag <c>x</c>: exclusive access to the bound rings.</summary>
    NR_EXCLUSIVE = 0x800,
    /// <summary>Port-name flag <c>R</c>: bind only the RX rings.</summary>
    NR_RX_RINGS_ONLY = 0x2000,
    /// <summary>Port-name flag <c>T</c>: bind only the TX rings.</summary>
    NR_TX_RINGS_ONLY = 0x4000,
    /// <summary>
    /// The application accepts a virtio-net header at the start of each buffer. Without it, REGISTER on a port
    /// whose virt_hdr_len is non-zero fails with EIO (netmap.c, "application does not accept it").
    /// </summary>
    NR_ACCEPT_VNET_HDR = 0x8000,
    /// <summary>poll() on this fd also runs RX sync when it asks only for POLLOUT.</summary>
    NR_DO_RX_POLL = 0x10000,
    /// <summary>poll() does not run TX sync implicitly.</summary>
    NR_NO_TX_POLL = 0x20000,
}
