using Vnetconf.Guest;
using Vnetconf.Netmap;

namespace Vnetconf.Scenarios;

/// <summary>
/// The netmap guest matrix — adapter {generic, native} × TAP vnet_hdr {on, off} × device {modern, legacy} ×
/// mrg_rxbuf {on, off} — and its cells in the shape every runner drives (<see cref="MatrixCell"/>). A guest boot
/// serves both adapters: the image loads netmap (and netmap's virtio_net when given), and each cell opens
/// netmap:eth0 with its own admode.
/// </summary>
public static class NetmapGuestMatrix
{
    public const string Receive = "netmap.rx";
    public const string Transmit = "netmap.tx";

    public static IReadOnlyList<string> Categories { get; } = [Receive, Transmit];

    /// <summary>The devices, named: mrg_rxbuf decides a legacy device's header size (10 or 12 bytes); a modern one always uses 12.</summary>
    public static IReadOnlyList<(VirtioNetDeviceOptions Device, string Name)> Devices { get; } =
    [
        (new VirtioNetDeviceOptions(), "modern"),
        (new VirtioNetDeviceOptions { MrgRxbuf = false }, "modern, mrg_rxbuf=off"),
        (new VirtioNetDeviceOptions { Legacy = true }, "legacy"),
        (new VirtioNetDeviceOptions { Legacy = true, MrgRxbuf = false }, "legacy, mrg_rxbuf=off"),
    ];

    public static IEnumerable<NetmapGuestScenario> All() =>
        from mode in new[] { NetmapAdapterMode.NETMAP_ADMODE_GENERIC, NetmapAdapterMode.NETMAP_ADMODE_NATIVE }
        from vnetHeader in new[] { true, false }
        from device in Devices
        select new NetmapGuestScenario(mode, vnetHeader, device.Device, device.Name);

    public static MatrixCell ReceiveCell(NetmapGuestScenario scenario, Func<ILabGuest> guest) =>
        new($"netmap.guest.rx.{scenario.Slug}", Receive, scenario.Name,
            () => (NetmapGuestExpectations.Receive(scenario.Mode, scenario.VnetHeader, scenario.Device), NetmapGuestProbe.ObserveReceive(guest(), scenario)));

    public static MatrixCell TransmitCell(NetmapGuestScenario scenario, Func<ILabGuest> guest) =>
        new($"netmap.guest.tx.{scenario.Slug}", Transmit, scenario.Name,
            () => (NetmapGuestExpectations.Transmit(scenario.Mode, scenario.Device), NetmapGuestProbe.ObserveTransmit(guest(), scenario)));

    /// <summary>
    /// One batch per TAP setting and device with the cells <paramref name="include"/> selects, its guest booted with
    /// <paramref name="boot"/> (eth0 up and addressed, as every lab guest is: the emulated adapter sees only what a running interface receives).
    /// Native cells are left out when <paramref name="nativeDriver"/> is false (no netmap virtio_net among the modules).
    /// </summary>
    public static IEnumerable<MatrixBatch> Batches(Func<bool, VirtioNetDeviceOptions, ILabGuest> boot, bool nativeDriver, Func<MatrixCell, bool> include)
    {
        foreach (var backend in All().Where(s => nativeDriver || !s.NeedsNativeDriver).GroupBy(s => (s.VnetHeader, s.DeviceName)))
        {
            var first = backend.First();
            var session = new GuestSession(() => boot(first.VnetHeader, first.Device));
            var cells = backend.SelectMany(s => new[] { ReceiveCell(s, () => session.Guest), TransmitCell(s, () => session.Guest) })
                .Where(include).ToArray();
            if (cells.Length > 0)
                yield return new MatrixBatch($"netmap guest vnet_hdr={(first.VnetHeader ? "on" : "off")}, {first.DeviceName}", cells, () => _ = session.Guest, session);
        }
    }
}
