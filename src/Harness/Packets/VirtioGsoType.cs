namespace Vnetconf.Packets;

/// <summary>
/// The virtio_net_hdr <c>gso_type</c> without its ECN bit (VIRTIO_NET_HDR_GSO_*), which
/// <see cref="VirtioNetHeader.Ecn"/> carries separately so the base type compares on its own. Values the kernel
/// does not define (2, the 6.17 tunnel bits 0x20/0x40) survive a read–write round trip as unnamed values.
/// </summary>
public enum VirtioGsoType : byte
{
    /// <summary>NONE: not a GSO frame.</summary>
    None = 0,

    /// <summary>TCPV4: TSO over IPv4.</summary>
    TcpV4 = 1,

    /// <summary>UDP: UFO (IP fragmentation of one datagram).</summary>
    Udp = 3,

    /// <summary>TCPV6: TSO over IPv6.</summary>
    TcpV6 = 4,

    /// <summary>UDP_L4: USO (one datagram per segment).</summary>
    UdpL4 = 5,
}
