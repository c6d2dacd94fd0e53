namespace Vnetconf.Guest;

/// <summary>
/// The raw feature string of one virtio device, as the guest kernel shows it in
/// /sys/bus/virtio/devices/<paramref name="Device"/>/features (decode it with <see cref="VirtioFeatureSet.Parse"/>).
/// </summary>
public sealed record VirtioDeviceFeatures(string Device, string Features);
