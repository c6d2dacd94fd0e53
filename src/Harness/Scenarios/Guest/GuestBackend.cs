using Vnetconf.Guest;

namespace Vnetconf.Scenarios;

/// <summary>
/// What a guest is booted with: the TAP with or without IFF_VNET_HDR (QEMU's vnet_hdr, which QEMU decides from the
/// TAP's flags when it is given an fd) and a modern or legacy virtio-net-pci. Cells that share a backend share one
/// booted guest; everything else a cell varies (the NIC's offloads, the traffic) needs no reboot.
/// </summary>
public sealed record GuestBackend(bool VnetHeader, bool Legacy)
{
    public static readonly GuestBackend VnetHeaderModern = new(VnetHeader: true, Legacy: false);
    public static readonly GuestBackend VnetHeaderLegacy = new(VnetHeader: true, Legacy: true);
    public static readonly GuestBackend NoVnetHeader = new(VnetHeader: false, Legacy: false);

    public static IReadOnlyList<GuestBackend> All { get; } = [VnetHeaderModern, VnetHeaderLegacy, NoVnetHeader];

    /// <summary>QEMU's defaults, legacy with mrg_rxbuf off so its header is the 10-byte one (virtio_net_set_mrg_rx_bufs).</summary>
    public VirtioNetDeviceOptions Device => Legacy ? new VirtioNetDeviceOptions { Legacy = true, MrgRxbuf = false } : new VirtioNetDeviceOptions();

    public string Id => $"vnet-{(VnetHeader ? "on" : "off")}.{(Legacy ? "legacy" : "modern")}";

    public override string ToString() => $"vnet_hdr={(VnetHeader ? "on" : "off")}, {(Legacy ? "legacy hdr=10" : "modern hdr=12")}";
}
