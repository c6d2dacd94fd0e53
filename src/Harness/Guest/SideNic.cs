namespace Vnetconf.Guest;

/// <summary>
/// A further virtio-net-pci NIC of a guest, beside the lab's: its own device properties on a TAP of its own with
/// IFF_VNET_HDR that nothing is bridged to. The guest negotiates each NIC on its own (hw/virtio: one feature set per
/// device), so one boot answers what many device configurations negotiate and what QEMU sets on their TAPs.
/// </summary>
/// <param name="TapName">the TAP in the lab's stack namespace</param>
/// <param name="Device">the NIC's properties; its <see cref="VirtioNetDeviceOptions.Mac"/> tells it apart in the guest</param>
/// <param name="TapFd">the inherited fd of the TAP (<c>-netdev tap,fd=N</c>); null: QEMU opens it by name with vnet_hdr=on</param>
public sealed record SideNic(string TapName, VirtioNetDeviceOptions Device, int? TapFd = null);
