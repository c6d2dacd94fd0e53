namespace Vnetconf.Guest;

/// <summary>An existing (persistent) TAP that QEMU attaches to by name, and whether QEMU asks it for a virtio-net header.</summary>
/// <param name="Name">the interface name in QEMU's network namespace</param>
/// <param name="VnetHeader">QEMU's vnet_hdr=on|off: its TUNSETIFF sets or clears IFF_VNET_HDR on the device</param>
public sealed record NamedTap(string Name, bool VnetHeader);
