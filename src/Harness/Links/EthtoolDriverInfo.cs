namespace Vnetconf.Links;

/// <summary>ETHTOOL_GDRVINFO's identity of a device's driver, worth recording beside every result.</summary>
/// <param name="Driver">e.g. "veth", "bridge", "tun", "virtio_net"</param>
/// <param name="Version">the driver's own version string (often the kernel's, or a fixed "1.0")</param>
/// <param name="BusInfo">e.g. a PCI address; empty or "N/A" for virtual devices</param>
public sealed record EthtoolDriverInfo(string Driver, string Version, string BusInfo);
