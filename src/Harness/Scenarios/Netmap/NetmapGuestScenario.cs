using Vnetconf.Guest;
using Vnetconf.Netmap;

namespace Vnetconf.Scenarios;

/// <summary>
/// A cell of the netmap guest matrix: netmap:eth0 opened with <paramref name="Mode"/>'s adapter in a guest whose TAP
/// has or lacks IFF_VNET_HDR and whose NIC is <paramref name="Device"/> (<paramref name="DeviceName"/> in words).
/// </summary>
public sealed record NetmapGuestScenario(NetmapAdapterMode Mode, bool VnetHeader, VirtioNetDeviceOptions Device, string DeviceName)
{
    public bool NeedsNativeDriver => Mode == NetmapAdapterMode.NETMAP_ADMODE_NATIVE;

    public string ModeName => NeedsNativeDriver ? "native" : "generic";

    public string Name => $"{ModeName}, vnet_hdr={(VnetHeader ? "on" : "off")}, {DeviceName}";

    /// <summary>The part of the ids all of the cell's directions share.</summary>
    public string Slug => string.Concat(Name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-'));

    public override string ToString() => Name;
}
