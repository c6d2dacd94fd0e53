namespace Vnetconf.Packets;

/// <summary>The virtio_net_hdr <c>flags</c> byte (include/uapi/linux/virtio_net.h, VIRTIO_NET_HDR_F_*).</summary>
[Flags]
public enum VirtioNetHeaderFlags : byte
{
    /// <summary>No flag: the checksum is complete, or nothing is claimed.</summary>
    None = 0,

    /// <summary>NEEDS_CSUM: the checksum is partial; finish it from <c>csum_start</c> at <c>csum_offset</c>.</summary>
    NeedsCsum = 1,

    /// <summary>DATA_VALID: the checksum was verified (receive side, <c>CHECKSUM_UNNECESSARY</c>).</summary>
    DataValid = 2,

    /// <summary>RSC_INFO: <c>csum_start</c>/<c>csum_offset</c> carry coalescing counts instead (VIRTIO_NET_F_RSC_EXT).</summary>
    RscInfo = 4,

    /// <summary>UDP_TUNNEL_CSUM: the UDP tunnel's outer header carries a checksum too (UDP-tunnel GSO, Linux 6.17+).</summary>
    UdpTunnelCsum = 8,
}
