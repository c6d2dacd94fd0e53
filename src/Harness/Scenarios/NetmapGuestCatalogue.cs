using Vnetconf.Guest;
using Vnetconf.Model;
using Vnetconf.Netmap;
using Vnetconf.Packets;

namespace Vnetconf.Scenarios;

/// <summary>
/// What <c>netmap:eth0</c> in a QEMU guest shows, by adapter mode, the lab's TAP configuration and the device, with
/// the netmap, kernel and QEMU code that makes it so. The netmap sources named are those of the API the binding
/// speaks (<see cref="NetmapAbi.NETMAP_API"/> 14, every netmap since 2018). The claim that native mode exposes the
/// virtio-net header in the buffers describes netmap's virtio adapter before its late-2015 rework (v11.2): no API
/// version the binding can register with predates it, so these expectations are those of the current layout.
/// </summary>
internal static class NetmapGuestCatalogue
{
    /// <summary>A UDP frame injected toward the guest on tap0 with a NEEDS_CSUM header, received on netmap:eth0.</summary>
    /// <param name="tapVnetHeader">QEMU's TAP has IFF_VNET_HDR</param>
    public static Expectation Receive(NetmapAdapterMode mode, bool tapVnetHeader, VirtioNetDeviceOptions device) =>
        mode == NetmapAdapterMode.NETMAP_ADMODE_NATIVE ? NativeReceive(tapVnetHeader, device) : GenericReceive(tapVnetHeader);

    /// <summary>A UDP frame written into a TX slot of netmap:eth0, seen by AF_PACKET (PACKET_VNET_HDR) on tap0.</summary>
    public static Expectation Transmit(NetmapAdapterMode mode, VirtioNetDeviceOptions device) =>
        mode == NetmapAdapterMode.NETMAP_ADMODE_NATIVE ? NativeTransmit(device) : GenericTransmit();

    /// <summary>
    /// The header the device puts before each frame: 12 bytes with VERSION_1 or MRG_RXBUF, else 10
    /// (qemu hw/net/virtio-net.c: virtio_net_set_mrg_rx_bufs; linux virtio_net.c: virtnet_probe sets vi->hdr_len alike).
    /// </summary>
    public static int DeviceHeaderSize(VirtioNetDeviceOptions device) =>
        !device.Legacy || device.MrgRxbuf != false ? VirtioNetHeader.MergeableSize : VirtioNetHeader.LegacySize;

    /// <summary>
    /// The header netmap's native virtio adapter reserves in each descriptor: 12 bytes with mergeable RX buffers, else
    /// 10 — it does not consider VERSION_1 (LINUX/virtio_netmap.h: "vnet_hdr_len = vi->mergeable_rx_bufs ? ...").
    /// </summary>
    public static int NativeAdapterHeaderSize(VirtioNetDeviceOptions device) =>
        device.MrgRxbuf != false ? VirtioNetHeader.MergeableSize : VirtioNetHeader.LegacySize;

    private static Expectation GenericReceive(bool tapVnetHeader) => Adapter(NetmapAdapterMode.NETMAP_ADMODE_GENERIC)
        .Add(NetmapAspects.BufferStart, NetmapAspects.EthernetFirst,
            "virtio_net turns the device's virtio-net header into skb metadata before the stack sees the frame; netmap's rx handler " +
            "pushes the Ethernet header back (skb_push(ETH_HLEN)) and rxsync copies the skb from there: no header in the buffer",
            "linux drivers/net/virtio_net.c: receive_buf → virtio_net_hdr_to_skb; netmap LINUX/netmap_linux.c: linux_generic_rx_handler_common; " +
            "sys/dev/netmap/netmap_generic.c: generic_netmap_rxsync (m_copydata of MBUF_LEN)")
        .Add(NetmapAspects.SlotLength, NetmapAspects.FrameLength,
            "slot->len is the skb's length after the Ethernet header was pushed back: the bare frame",
            "netmap sys/dev/netmap/netmap_generic.c: generic_netmap_rxsync (ring->slot[nm_i].len = copy)")
        .Add(NetmapAspects.Checksum, ReceivedChecksum(tapVnetHeader),
            tapVnetHeader
                ? "QEMU sets TUN_F_CSUM for the guest's GUEST_CSUM, so the skb stays CHECKSUM_PARTIAL through tap0 and virtio_net; " +
                  "the emulated adapter copies the bytes as they are (only skb metadata says the checksum is unfinished, and it is not copied)"
                : UnoffloadedTapReason,
            tapVnetHeader
                ? "qemu hw/net/virtio-net.c: virtio_net_apply_guest_offloads; linux drivers/net/tun.c: set_offload, tun_put_user; netmap_generic.c: generic_netmap_rxsync"
                : UnoffloadedTapSource)
        .AddGenericPortHeader();

    /// <summary>The emulated adapter's port header length: none, so nothing precedes a frame in its buffers.</summary>
    internal static Expectation AddGenericPortHeader(this Expectation expectation) => expectation
        .Add(NetmapAspects.PortHeader, NetmapAspects.HeaderLengthWords(0),
            "only VALE ports (PORT_HDR_SET) and ptnet set virt_hdr_len; the emulated adapter never does",
            "netmap sys/dev/netmap/netmap.c: NETMAP_REQ_PORT_HDR_GET reads na->virt_hdr_len");

    private static Expectation NativeReceive(bool tapVnetHeader, VirtioNetDeviceOptions device)
    {
        var shift = DeviceHeaderSize(device) - NativeAdapterHeaderSize(device);
        var layout = shift == 0
            ? "each RX descriptor is [adapter header of the device's size][netmap buffer]: the device's header lands outside the buffer, " +
              "and rxsync subtracts it from the length"
            : $"netmap reserves {NativeAdapterHeaderSize(device)} header bytes where the device (VERSION_1) writes {DeviceHeaderSize(device)}: " +
              $"the header's last {shift} bytes (num_buffers) spill into the buffer before the frame, and the slot counts them — a netmap defect " +
              "(the kernel's own vi->hdr_len accounts for VERSION_1)";
        return Adapter(NetmapAdapterMode.NETMAP_ADMODE_NATIVE)
            .Add(NetmapAspects.BufferStart, NetmapAspects.BytesBeforeEthernet(shift), layout,
                "netmap LINUX/virtio_netmap.h: virtio_netmap_rxsync / virtio_netmap_init_buffers (sg_set_buf(sg, &vna->shared_rxvhdr, vnet_hdr_len))",
                defect: shift != 0)
            .AddSpilledHeaderTail(shift)
            .Add(NetmapAspects.SlotLength, NetmapAspects.FrameLengthPlus(shift),
                "rxsync sets slot->len to the used length minus vnet_hdr_len (\"Skip the virtio-net header\")" +
                (shift == 0 ? "" : $", which is {shift} bytes short of the device's header: the defect of the buffer-start aspect"),
                "netmap LINUX/virtio_netmap.h: virtio_netmap_rxsync (len -= vnet_hdr_len)",
                defect: shift != 0)
            .Add(NetmapAspects.Checksum, ReceivedChecksum(tapVnetHeader),
                tapVnetHeader
                    ? "QEMU passes the partial frame with NEEDS_CSUM (GUEST_CSUM negotiated); the adapter drops the header into a shared " +
                      "scratch area, so the buffer holds the unfinished checksum and nothing says so"
                    : UnoffloadedTapReason,
                tapVnetHeader ? "netmap LINUX/virtio_netmap.h: shared_rxvhdr; qemu hw/net/virtio-net.c: receive_header" : UnoffloadedTapSource)
            .Add(NetmapAspects.PortHeader, NetmapAspects.HeaderLengthWords(0),
                "the native virtio adapter never sets virt_hdr_len: it hides the header instead of exposing it",
                "netmap LINUX/virtio_netmap.h: virtio_netmap_attach; sys/dev/netmap/netmap.c: NETMAP_REQ_PORT_HDR_GET");
    }

    /// <summary>
    /// What the <paramref name="shift"/> bytes of the device's header that land in the buffer hold: its num_buffers,
    /// which QEMU writes only with mergeable RX buffers — otherwise the bytes are whatever the buffer held before (the
    /// RX cells fill every buffer first, so they read back as the fill). Nothing to say when nothing spills.
    /// </summary>
    private static Expectation AddSpilledHeaderTail(this Expectation expectation, int shift) => shift == 0
        ? expectation
        : expectation.Add(NetmapAspects.BeforeFrame, NetmapAspects.EarlierBufferContents,
            $"the {shift} bytes are the VERSION_1 header's num_buffers, which QEMU leaves unwritten without VIRTIO_NET_F_MRG_RXBUF " +
            "(the spec says the device MUST set it to 1): it copies the 10-byte virtio_net_hdr and puts the frame after 12 bytes, so the " +
            "application reads stale buffer contents before every frame. QEMU 10.0's c17ad4b11bd2 sets num_buffers = 1 only in a header " +
            "copy that, since the revert of 7987d2be5a8b, is never written to the guest: observed unwritten on QEMU 7.2, 10.0 and 11.1",
            "qemu hw/net/virtio-net.c: virtio_net_receive_rcu (num_buffers copied only when mergeable_rx_bufs), receive_header (sizeof(struct virtio_net_hdr))",
            defect: true);

    private static Expectation GenericTransmit() => Adapter(NetmapAdapterMode.NETMAP_ADMODE_GENERIC)
        .Add(NetmapAspects.TapHeader, NetmapAspects.ZeroedHeader,
            "the emulated adapter builds a CHECKSUM_NONE skb (generic_hwcsum=0), so virtio_net writes an all-zero header and " +
            "tun_get_user creates an skb with no offload, which PACKET_VNET_HDR reports as a zeroed header",
            "netmap LINUX/netmap_linux.c: nm_os_generic_xmit_frame; linux drivers/net/virtio_net.c: xmit_skb → virtio_net_hdr_from_skb; drivers/net/tun.c: tun_get_user")
        .Add(NetmapAspects.TapFrame, NetmapAspects.AsSent,
            "the slot's bytes become the skb's data unchanged (skb_copy_to_linear_data of slot->len bytes)",
            "netmap LINUX/netmap_linux.c: nm_os_generic_xmit_frame");

    private static Expectation NativeTransmit(VirtioNetDeviceOptions device)
    {
        var shift = DeviceHeaderSize(device) - NativeAdapterHeaderSize(device);
        return Adapter(NetmapAdapterMode.NETMAP_ADMODE_NATIVE)
            .Add(NetmapAspects.TapHeader, NetmapAspects.ZeroedHeader,
                "each TX descriptor is [zeroed shared header][the slot's bytes]: no offload is ever requested",
                "netmap LINUX/virtio_netmap.h: virtio_netmap_txsync (sg_set_buf(sg, &vna->shared_txvhdr, vnet_hdr_len)), memset at register")
            .Add(NetmapAspects.TapFrame, shift == 0 ? NetmapAspects.AsSent : NetmapAspects.FirstBytesMissing(shift),
                shift == 0
                    ? "the device takes the header from the first descriptor and the frame from the slot"
                    : $"the device reads a {DeviceHeaderSize(device)}-byte header where netmap put {NativeAdapterHeaderSize(device)}: " +
                      $"the frame's first {shift} bytes are taken as header (a netmap defect, see the RX cell)",
                "netmap LINUX/virtio_netmap.h: virtio_netmap_txsync; qemu hw/net/virtio-net.c: virtio_net_flush_tx (iov_discard_front of guest_hdr_len)",
                defect: shift != 0);
    }

    /// <summary>REGISTER of netmap:eth0 with <paramref name="mode"/> over the distribution's virtio_net, which has no native adapter.</summary>
    public static Expectation OverStockDriver(NetmapAdapterMode mode) => mode == NetmapAdapterMode.NETMAP_ADMODE_NATIVE
        ? new Expectation().Add(NetmapAspects.Register, "EOPNOTSUPP",
            "admode=1 demands the driver's own adapter and refuses the generic fallback when the driver has none",
            "netmap sys/dev/netmap/netmap.c: netmap_get_hw_na (NETMAP_ADMODE_NATIVE without NM_NA_VALID → EOPNOTSUPP)")
        : new Expectation().Add(NetmapAspects.Register, NetmapAspects.Accepted,
                "admode=0 (best) takes what there is", "netmap sys/dev/netmap/netmap.c: netmap_get_hw_na")
            .Add(NetmapAspects.Adapter, nameof(NetmapAdapterKind.Generic),
                "best mode creates the emulated adapter when the driver has no native one",
                "netmap sys/dev/netmap/netmap.c: netmap_get_hw_na → generic_netmap_attach");

    /// <summary>REGISTER of netmap:eth0 in best mode over netmap's virtio_net.</summary>
    public static Expectation BestOverNetmapDriver() => new Expectation()
        .Add(NetmapAspects.Register, NetmapAspects.Accepted, "admode=0 (best) takes what there is", "netmap sys/dev/netmap/netmap.c: netmap_get_hw_na")
        .Add(NetmapAspects.Adapter, nameof(NetmapAdapterKind.Native),
            "best mode prefers the driver's own adapter, which netmap's virtio_net attaches at probe",
            "netmap sys/dev/netmap/netmap.c: netmap_get_hw_na; LINUX/virtio_netmap.h: virtio_netmap_attach");

    /// <summary>
    /// A guest's netmap:eth0 TX frames per second with the native adapter over the emulated one's, the median of the
    /// profile's interleaved trials: the native adapter hands slots to the virtqueue directly, the emulated one builds
    /// and transmits an skb per slot. The bound is the profile's (fixtures/profiles); under TCG it is a floor against
    /// collapse, not the "native is faster" claim.
    /// </summary>
    public static Expectation NativeOverGenericRate(ThroughputProfile profile) => new Expectation()
        .Add(NetmapAspects.NativeOverGenericRate, NetmapAspects.RatioAtLeast(profile.NetmapNativeOverGenericAtLeast),
            $"profile {profile.Name}: the native adapter's txsync fills the virtqueue from the slots; the emulated adapter allocates, " +
            "fills and transmits an skb per slot",
            "netmap LINUX/virtio_netmap.h: virtio_netmap_txsync; LINUX/netmap_linux.c: nm_os_generic_xmit_frame; fixtures/profiles");

    private static string ReceivedChecksum(bool tapVnetHeader) => tapVnetHeader ? nameof(ChecksumState.Partial) : nameof(ChecksumState.CompleteValid);

    private const string UnoffloadedTapReason =
        "without IFF_VNET_HDR QEMU offers no GUEST_CSUM and tap0 has no NETIF_F_HW_CSUM, so the host completes the checksum before tun";

    private const string UnoffloadedTapSource = "linux net/core/dev.c: validate_xmit_skb → skb_checksum_help; drivers/net/tun.c: set_offload";

    /// <summary>The adapter admode <paramref name="mode"/> yields on <paramref name="interfaceName"/>, and the log line that shows it.</summary>
    internal static Expectation Adapter(NetmapAdapterMode mode, string interfaceName = "eth0") => mode == NetmapAdapterMode.NETMAP_ADMODE_NATIVE
        ? new Expectation().Add(NetmapAspects.Adapter, nameof(NetmapAdapterKind.Native),
            "admode=1 takes the driver's own adapter (virtio_netmap_attach at probe); its register logs \"added N inbufs on queue\"",
            "netmap sys/dev/netmap/netmap.c: netmap_get_hw_na; LINUX/virtio_netmap.h: virtio_netmap_init_buffers")
        : new Expectation().Add(NetmapAspects.Adapter, nameof(NetmapAdapterKind.Generic),
            $"admode=2 forces the emulated adapter; it logs \"Emulated adapter for {interfaceName} activated\"",
            "netmap sys/dev/netmap/netmap.c: netmap_get_hw_na; netmap_generic.c: generic_netmap_register");
}
