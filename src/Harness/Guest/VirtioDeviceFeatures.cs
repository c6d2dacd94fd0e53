namespace Vnetconf.Guest;

/// <summary>
/// The raw feature string of one virtio device, as the guest kernel shows it in
/// /sys/bus/virtio/devices/<paramref name="Device"/>/features (decode it with <see cref="VirtioFeatureSet.Parse"/>).
/// </summary>
/// <param name="Interface">the network interface virtio_net registered on the device (eth0, eth1, …)</param>
public sealed record VirtioDeviceFeatures(string Device, string Interface, string Features);
