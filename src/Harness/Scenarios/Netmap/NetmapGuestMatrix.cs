using Vnetconf.Guest;
using Vnetconf.Model;
using Vnetconf.Netmap;

namespace Vnetconf.Scenarios;

/// <summary>
/// The netmap guest matrix — adapter {generic, native} × TAP vnet_hdr {on, off} × device {modern, legacy} ×
/// mrg_rxbuf {on, off} — and its cells in the shape every runner drives (<see cref="MatrixCell"/>). A guest boot
/// serves both adapters: the image loads netmap (and netmap's virtio_net when given), and each cell opens
/// netmap:eth0 with its own admode. Beside the data path: the control plane (<see cref="NetmapControlCells"/>), the
/// host probe's cells run in the guest (<see cref="NetmapHostScenario"/>) and the native/generic ratio (<see cref="NetmapThroughput"/>).
/// </summary>
public static class NetmapGuestMatrix
{
    public const string Receive = "netmap.rx";
    public const string Transmit = "netmap.tx";

    public static IReadOnlyList<string> Categories { get; } = [Receive, Transmit, NetmapControlCells.Category, NetmapHostScenario.Category, NetmapThroughput.Category];

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

    /// <summary>
    /// The RX cells of <paramref name="scenario"/> (<see cref="Sizes"/>): the named frame keeps the cell's first id, and
    /// is the one cross-checked with pkt-gen where the guest has it.
    /// </summary>
    public static IEnumerable<MatrixCell> ReceiveCells(NetmapGuestScenario scenario, Func<ILabGuest> guest) =>
        Sizes(scenario).Select(size => new MatrixCell($"netmap.guest.rx.{scenario.Slug}{size.IdSuffix}", Receive, scenario.Name + size.NameSuffix, () =>
        {
            var judged = (NetmapGuestCatalogue.Receive(scenario.Mode, scenario.VnetHeader, scenario.Device), NetmapGuestProbe.ObserveReceive(guest(), scenario, size.Size));
            return size.Size == NetmapFrameSize.Named ? NetmapPktGenProbe.Receive(guest(), scenario, judged) : judged;
        }));

    /// <summary>The TX cells of <paramref name="scenario"/> (<see cref="Sizes"/>); the named frame's is cross-checked with pkt-gen.</summary>
    public static IEnumerable<MatrixCell> TransmitCells(NetmapGuestScenario scenario, Func<ILabGuest> guest) =>
        Sizes(scenario).Select(size => new MatrixCell($"netmap.guest.tx.{scenario.Slug}{size.IdSuffix}", Transmit, scenario.Name + size.NameSuffix, () =>
        {
            var judged = (NetmapGuestCatalogue.Transmit(scenario.Mode, scenario.Device), NetmapGuestProbe.ObserveTransmit(guest(), scenario, size.Size));
            return size.Size == NetmapFrameSize.Named ? NetmapPktGenProbe.Transmit(guest(), scenario, judged) : judged;
        }));

    /// <summary>
    /// The frame sizes a scenario's cells use: the named frame, the 60-byte minimum and, for the native adapter (whose
    /// buffers are netmap's, not an skb's), a frame near the buffer size.
    /// </summary>
    private static IEnumerable<(NetmapFrameSize Size, string IdSuffix, string NameSuffix)> Sizes(NetmapGuestScenario scenario)
    {
        yield return (NetmapFrameSize.Named, "", "");
        yield return (NetmapFrameSize.Minimum, ".60-byte", ", 60-byte frame");
        if (scenario.NeedsNativeDriver) yield return (NetmapFrameSize.NearBuffer, ".near-buffer", ", frame near the buffer size");
    }

    /// <summary>
    /// One batch per TAP setting and device with the cells <paramref name="include"/> selects, its guest booted with
    /// <paramref name="boot"/>(vnet_hdr, device, stock driver) (eth0 up and addressed, as every lab guest is: the emulated
    /// adapter sees only what a running interface receives). The vnet_hdr=on, modern guest also runs the cells that need no
    /// particular TAP or device: the control plane, the host probe (in namespaces of the guest's own) and the throughput ratio.
    /// When <paramref name="nativeDriver"/> (netmap's virtio_net among the modules) the stock-driver cells get a guest of
    /// their own, booted without it; otherwise the native cells are left out and every guest has the stock driver.
    /// </summary>
    public static IEnumerable<MatrixBatch> Batches(Func<bool, VirtioNetDeviceOptions, bool, ILabGuest> boot, bool nativeDriver, Func<MatrixCell, bool> include,
        Func<ThroughputProfile> profile)
    {
        foreach (var backend in All().Where(s => nativeDriver || !s.NeedsNativeDriver).GroupBy(s => (s.VnetHeader, s.DeviceName)))
        {
            var first = backend.First();
            var session = new GuestSession(() => boot(first.VnetHeader, first.Device, false));
            var cells = backend.SelectMany(s => ReceiveCells(s, () => session.Guest).Concat(TransmitCells(s, () => session.Guest)));
            if (first.VnetHeader && first.DeviceName == Devices[0].Name)
                cells = cells.Concat(DeviceIndependentCells(() => session.Guest, nativeDriver, profile));
            if (session.Batch($"netmap guest vnet_hdr={(first.VnetHeader ? "on" : "off")}, {first.DeviceName}", cells.Where(include)) is { } batch)
                yield return batch;
        }
        if (!nativeDriver) yield break;
        var stock = new GuestSession(() => boot(true, Devices[0].Device, true));
        if (stock.Batch("netmap guest with the stock virtio_net", NetmapControlCells.OverStockDriver(() => stock.Guest).Where(include)) is { } stockBatch)
            yield return stockBatch;
    }

    /// <summary>Every cell of the matrix, native adapter's included, listed for their ids and titles: no guest is booted.</summary>
    public static IEnumerable<MatrixCell> Listed() =>
        Batches((_, _, _) => throw new InvalidOperationException("cells are only listed here"), nativeDriver: true, _ => true,
            () => throw new InvalidOperationException("cells are only listed here")).SelectMany(b => b.Cells);

    /// <summary>The cells any netmap guest can run, whatever its TAP and device; which driver it has decides the control cells.</summary>
    private static IEnumerable<MatrixCell> DeviceIndependentCells(Func<ILabGuest> guest, bool nativeDriver, Func<ThroughputProfile> profile) =>
    [
        .. NetmapHostScenario.All.Select(c => c.Cell(probed => NetmapHostProbe.InGuest(guest().Agent, probed))),
        .. nativeDriver ? [NetmapControlCells.BestOverNetmapDriver(guest), NetmapThroughput.Cell(guest, profile)] : NetmapControlCells.OverStockDriver(guest),
    ];
}
