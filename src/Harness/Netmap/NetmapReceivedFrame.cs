namespace Vnetconf.Netmap;

/// <summary>
/// One slot taken from an RX ring: where it was, its length as the kernel set it, and a copy of its first bytes
/// (which show whether the buffer starts with an Ethernet header or a virtio-net header).
/// </summary>
public sealed record NetmapReceivedFrame(int Ring, uint Slot, int Length, NetmapSlotFlags Flags, byte[] LeadingBytes);
