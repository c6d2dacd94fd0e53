using Vnetconf.Model;

using Vnetconf.Netmap;
using Vnetconf.Packets;

namespace Vnetconf.Scenarios;

/// <summary>
/// What netmap's emulated (generic) adapter shows on a veth end and on a TAP, and what a VALE port's header API answers,
/// with the netmap and kernel code that makes it so (netmap API 14 sources, Linux 6.x). The generic TX model is that of
/// netmap's default generic_hwcsum=0 (sys/dev/netmap/netmap.c), which the probe checks before it transmits.
/// </summary>
internal static class NetmapHostCatalogue
{
    public static Expectation Expect(NetmapHostScenario c) => c.Kind switch
    {
        NetmapHostCellKind.VethReceive => VethReceive(c.PeerOffload),
        NetmapHostCellKind.VethTransmit => Transmit(NetmapHostProbe.VethPort,
            "veth_xmit hands the skb to the peer as it is; AF_PACKET with PACKET_VNET_HDR reports a CHECKSUM_NONE skb as a zeroed " +
            "header (DATA_VALID only for CHECKSUM_UNNECESSARY, which veth does not set)",
            "linux drivers/net/veth.c: veth_xmit → veth_forward_skb; net/packet/af_packet.c: packet_rcv_vnet → virtio_net_hdr_from_skb"),
        NetmapHostCellKind.TapReceive => TapReceive(c.PeerOffload),
        NetmapHostCellKind.TapTransmit => Transmit(HostLab.TapName,
            "tun_net_xmit queues the skb for the fd; tun_put_user writes a CHECKSUM_NONE skb's header as zeroes",
            "linux drivers/net/tun.c: tun_net_xmit, tun_put_user → virtio_net_hdr_from_skb"),
        NetmapHostCellKind.ValePortHeader => ValePortHeader(),
        _ => throw new ArgumentOutOfRangeException(nameof(c), c.Kind, "no expectation for this kind of cell"),
    };

    private const string GenericRxSource =
        "netmap LINUX/netmap_linux.c: linux_generic_rx_handler_common (skb_push(m, ETH_HLEN)); " +
        "sys/dev/netmap/netmap_generic.c: generic_rx_handler, generic_netmap_rxsync (m_copydata from offset 0)";

    private static Expectation VethReceive(bool peerTxChecksumming) => Received(NetmapHostProbe.VethPort,
        "veth_xmit forwards the peer's skb to this end's netif_rx after eth_type_trans pulled the Ethernet header",
        "linux drivers/net/veth.c: veth_xmit → veth_forward_skb → __dev_forward_skb")
        .Add(NetmapAspects.Checksum, peerTxChecksumming ? nameof(ChecksumState.Partial) : nameof(ChecksumState.CompleteValid),
            peerTxChecksumming
                ? "packet_snd turns NEEDS_CSUM into CHECKSUM_PARTIAL; the peer has tx-checksumming (NETIF_F_HW_CSUM), so " +
                  "validate_xmit_skb leaves the checksum unfinished and veth forwards the skb as it is; the emulated adapter copies " +
                  "the bytes, not the skb's ip_summed, so the buffer holds the pseudo-header sum and nothing says so"
                : "without tx-checksumming the peer has no checksum feature, so validate_xmit_skb completes the checksum " +
                  "(skb_csum_hwoffload_help → skb_checksum_help) before veth_xmit; the emulated adapter copies a finished frame",
            "linux net/packet/af_packet.c: packet_snd → virtio_net_hdr_to_skb; net/core/dev.c: validate_xmit_skb; " +
            "netmap_generic.c: generic_netmap_rxsync");

    private static Expectation TapReceive(bool vnetHeader) => Received(HostLab.TapName,
        "tun_get_user builds the skb from the write, pulls the Ethernet header (eth_type_trans) and passes it to " +
        "netif_receive_skb (tun_rx_batched), the TAP netdev's RX, where netmap's rx handler takes it",
        "linux drivers/net/tun.c: tun_get_user, tun_rx_batched")
        .Add(NetmapAspects.Checksum, vnetHeader ? nameof(ChecksumState.Partial) : nameof(ChecksumState.CompleteValid),
            vnetHeader
                ? "with IFF_VNET_HDR, tun_get_user turns the written NEEDS_CSUM header into CHECKSUM_PARTIAL and nothing on the RX " +
                  "path finishes it; the emulated adapter copies the bytes, so the buffer holds the pseudo-header sum and nothing says so"
                : "without IFF_VNET_HDR the write is the frame (CHECKSUM_NONE); the harness wrote a complete checksum and the " +
                  "emulated adapter copies it unchanged",
            "linux drivers/net/tun.c: tun_get_user → virtio_net_hdr_to_skb; netmap_generic.c: generic_netmap_rxsync");

    /// <summary>Adapter, buffer start, slot length and port header of a frame the generic adapter of <paramref name="port"/> received.</summary>
    private static Expectation Received(string port, string delivery, string deliverySource) =>
        NetmapGuestCatalogue.Adapter(NetmapAdapterMode.NETMAP_ADMODE_GENERIC, port)
            .Add(NetmapAspects.BufferStart, NetmapAspects.EthernetFirst,
                $"{delivery}; netmap's rx handler pushes the Ethernet header back and rxsync copies the skb from its start; the " +
                "emulated adapter has no virt_hdr_len, so no virtio-net header precedes the frame",
                $"{deliverySource}; {GenericRxSource}")
            .Add(NetmapAspects.SlotLength, NetmapAspects.FrameLength,
                "slot->len is MBUF_LEN, the skb's length after the push: the bare frame, in one slot since it fits NETMAP_BUF_SIZE " +
                "(longer skbs are split over slots with NS_MOREFRAG)",
                "netmap sys/dev/netmap/netmap_generic.c: generic_netmap_rxsync (ring->slot[nm_i].len = copy)")
            .AddGenericPortHeader();

    /// <summary>A frame sent through the generic adapter of <paramref name="port"/>, as the port's peer saw it.</summary>
    private static Expectation Transmit(string port, string delivery, string deliverySource) =>
        NetmapGuestCatalogue.Adapter(NetmapAdapterMode.NETMAP_ADMODE_GENERIC, port)
            .Add(NetmapAspects.PeerHeader, NetmapAspects.ZeroedHeader,
                $"the emulated adapter builds a CHECKSUM_NONE skb (generic_hwcsum=0) and hands it to the driver; {delivery}",
                $"netmap LINUX/netmap_linux.c: nm_os_generic_xmit_frame, generic_ndo_start_xmit; {deliverySource}")
            .Add(NetmapAspects.PeerFrame, NetmapAspects.AsSent,
                "the slot's bytes become the skb's data unchanged (skb_copy_to_linear_data of slot->len bytes)",
                "netmap LINUX/netmap_linux.c: nm_os_generic_xmit_frame");

    private const string PortHeaderSource = "netmap sys/dev/netmap/netmap.c: netmap_ioctl, NETMAP_REQ_PORT_HDR_SET / NETMAP_REQ_PORT_HDR_GET";

    private static Expectation ValePortHeader()
    {
        var expectation = new Expectation()
            .Add(NetmapAspects.FreshPortHeader, "0",
                "a VALE port is allocated zeroed (nm_os_malloc: __GFP_ZERO), so its virt_hdr_len starts at 0", "netmap sys/dev/netmap/netmap_vale.c: netmap_vale_vp_create; LINUX/netmap_linux.c: nm_os_malloc; " + PortHeaderSource);
        var inForce = 0;
        foreach (var length in NetmapHostScenario.ValeHeaderLengths)
        {
            if (length is 0 or VirtioNetHeader.LegacySize or VirtioNetHeader.MergeableSize)
            {
                inForce = length;
                expectation.Add(NetmapAspects.PortHeaderSet(length), NetmapAspects.HeaderSetOutcome(null, length),
                    "0 (none), sizeof(struct nm_vnet_hdr) = 10 and 12 are the lengths netmap_ioctl accepts; it sets the VALE port's " +
                    "virt_hdr_len, which PORT_HDR_GET reads back", PortHeaderSource);
            }
            else
            {
                expectation.Add(NetmapAspects.PortHeaderSet(length), NetmapAspects.HeaderSetOutcome(nameof(Interop.Errno.EINVAL), inForce),
                    $"netmap_ioctl checks nr_hdr_len against 0, 10 and 12 before looking the port up, so {length} is refused and " +
                    $"the port keeps the {inForce} set before", PortHeaderSource);
            }
        }
        return expectation.Add(NetmapAspects.UnopenedPortHeaderSet, "ENXIO",
            "PORT_HDR_SET looks the port up without creating it (netmap_get_vale_na with create=0) and finds no adapter",
            "netmap sys/dev/netmap/netmap.c: NETMAP_REQ_PORT_HDR_SET (!na → ENXIO); netmap_vale.c: netmap_get_vale_na");
    }
}
