using Vnetconf.Netmap;

namespace Vnetconf.Scenarios;

/// <summary>
/// What a netmap port in a QEMU guest shows, by adapter mode and the lab's TAP configuration, with the netmap and
/// kernel code that makes it so. The netmap sources named are those of the API the binding speaks
/// (<see cref="NetmapAbi.NETMAP_API"/> = 14, every netmap since 2018); none of the generic-mode behaviour below
/// changed in netmap's history, whereas the native virtio adapter's buffer layout did (late 2015, v11.2).
/// </summary>
public static class NetmapGuestExpectations
{
    /// <summary>
    /// A UDP frame injected toward the guest on tap0 with a NEEDS_CSUM header, received on <c>netmap:eth0</c> through
    /// the emulated adapter. <paramref name="tapVnetHeader"/>: QEMU's TAP has IFF_VNET_HDR.
    /// </summary>
    public static Expectation GenericReceive(bool tapVnetHeader) => GenericAdapter()
        .Add(NetmapAspects.BufferStart, NetmapAspects.EthernetFirst,
            "virtio_net turns the device's virtio-net header into skb metadata before the stack sees the frame; netmap's rx handler " +
            "pushes the Ethernet header back (skb_push(ETH_HLEN)) and rxsync copies the skb from there: no header in the buffer",
            "linux drivers/net/virtio_net.c: receive_buf → virtio_net_hdr_to_skb; netmap LINUX/netmap_linux.c: linux_generic_rx_handler_common; " +
            "sys/dev/netmap/netmap_generic.c: generic_netmap_rxsync (m_copydata of MBUF_LEN)")
        .Add(NetmapAspects.SlotLength, NetmapAspects.FrameLength,
            "slot->len is the skb's length after the Ethernet header was pushed back: the bare frame",
            "netmap sys/dev/netmap/netmap_generic.c: generic_netmap_rxsync (ring->slot[nm_i].len = copy)")
        .Add(NetmapAspects.Checksum, tapVnetHeader ? "Partial" : "CompleteValid",
            tapVnetHeader
                ? "QEMU sets TUN_F_CSUM for the guest's GUEST_CSUM, so the skb stays CHECKSUM_PARTIAL through tap0 and virtio_net; " +
                  "the emulated adapter copies the bytes as they are (only a flag in skb metadata says the checksum is unfinished)"
                : "without IFF_VNET_HDR QEMU offers no GUEST_CSUM and tap0 has no NETIF_F_HW_CSUM, so the host completes the checksum before tun",
            tapVnetHeader
                ? "qemu hw/net/virtio-net.c: virtio_net_apply_guest_offloads; linux drivers/net/tun.c: set_offload, tun_put_user; netmap_generic.c: generic_netmap_rxsync"
                : "linux net/core/dev.c: validate_xmit_skb → skb_checksum_help; drivers/net/tun.c: set_offload")
        .Add(NetmapAspects.PortHeader, NetmapAspects.HeaderLengthWords(0),
            "only VALE ports (PORT_HDR_SET) and ptnet set virt_hdr_len; the emulated adapter never does",
            "netmap sys/dev/netmap/netmap.c: NETMAP_REQ_PORT_HDR_GET reads na->virt_hdr_len");

    /// <summary>A frame written into a TX slot of <c>netmap:eth0</c> through the emulated adapter, seen by AF_PACKET on tap0.</summary>
    public static Expectation GenericTransmit() => GenericAdapter()
        .Add(NetmapAspects.TapHeader, NetmapAspects.ZeroedHeader,
            "the emulated adapter builds a CHECKSUM_NONE skb (generic_hwcsum=0), so virtio_net writes an all-zero header and " +
            "tun_get_user creates an skb with no offload, which PACKET_VNET_HDR reports as a zeroed header",
            "netmap LINUX/netmap_linux.c: nm_os_generic_xmit_frame; linux drivers/net/virtio_net.c: xmit_skb → virtio_net_hdr_from_skb; drivers/net/tun.c: tun_get_user")
        .Add(NetmapAspects.TapFrame, NetmapAspects.AsSent,
            "the slot's bytes become the skb's data unchanged (skb_copy_to_linear_data of slot->len bytes)",
            "netmap LINUX/netmap_linux.c: nm_os_generic_xmit_frame");

    private static Expectation GenericAdapter() => new Expectation()
        .Add(NetmapAspects.Adapter, nameof(NetmapAdapterKind.Generic),
            "admode=2 forces the emulated adapter; it logs \"Emulated adapter for eth0 activated\"",
            "netmap sys/dev/netmap/netmap.c: netmap_get_hw_na; netmap_generic.c: generic_netmap_register");
}
