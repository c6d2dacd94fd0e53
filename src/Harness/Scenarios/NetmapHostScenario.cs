using Vnetconf.Model;

namespace Vnetconf.Scenarios;

/// <summary>
/// One cell of the host netmap matrix: netmap's emulated (generic) adapter on a veth end and on a TAP, and the port
/// header API of a VALE port, each inside network namespaces the probe creates (<see cref="NetmapHostProbe"/>), with
/// the behaviour documented in <see cref="NetmapHostCatalogue"/>. The same cells run on a host with /dev/netmap and,
/// through the guest agent, inside a guest with netmap's modules.
/// </summary>
/// <param name="Kind">the port and the traffic</param>
/// <param name="PeerOffload">
/// the peer's checksum offload: the veth peer's tx-checksumming (whether its NEEDS_CSUM frame leaves partial) for veth
/// cells, the TAP's IFF_VNET_HDR for TAP cells; unused for VALE
/// </param>
public sealed record NetmapHostScenario(NetmapHostCellKind Kind, bool PeerOffload)
{
    /// <summary>The matrix category results are grouped by.</summary>
    public const string Category = "netmap.host";

    /// <summary>
    /// The PORT_HDR_SET lengths the VALE cell asks for, in this order: the valid ones (0, 10, 12; netmap_ioctl), ending on
    /// 12, then invalid ones, each of which must leave the 12 in place.
    /// </summary>
    public static IReadOnlyList<int> ValeHeaderLengths { get; } = [10, 0, 12, 1, 11, 20];

    public static IReadOnlyList<NetmapHostScenario> All { get; } =
    [
        new(NetmapHostCellKind.VethReceive, PeerOffload: true),
        new(NetmapHostCellKind.VethReceive, PeerOffload: false),
        new(NetmapHostCellKind.VethTransmit, PeerOffload: true),
        new(NetmapHostCellKind.TapReceive, PeerOffload: true),
        new(NetmapHostCellKind.TapReceive, PeerOffload: false),
        new(NetmapHostCellKind.TapTransmit, PeerOffload: true),
        new(NetmapHostCellKind.ValePortHeader, PeerOffload: false),
    ];

    /// <summary>The stable scenario id results are keyed by.</summary>
    public string Id => Kind switch
    {
        NetmapHostCellKind.VethReceive => $"{Category}.veth.rx.peer-tx-csum-{OnOff}",
        NetmapHostCellKind.VethTransmit => $"{Category}.veth.tx",
        NetmapHostCellKind.TapReceive => $"{Category}.tap.rx.vnet-hdr-{OnOff}",
        NetmapHostCellKind.TapTransmit => $"{Category}.tap.tx.vnet-hdr-{OnOff}",
        _ => $"{Category}.vale.port-header",
    };

    public string Title => Kind switch
    {
        NetmapHostCellKind.VethReceive =>
            $"veth, generic: NEEDS_CSUM frame from the peer's AF_PACKET (peer tx-checksumming {OnOff}) received on netmap",
        NetmapHostCellKind.VethTransmit => "veth, generic: frame sent on netmap, captured on the peer",
        NetmapHostCellKind.TapReceive =>
            $"TAP vnet_hdr={OnOff}, generic: {(PeerOffload ? "NEEDS_CSUM" : "complete-checksum")} frame written to the TAP fd received on netmap",
        NetmapHostCellKind.TapTransmit => $"TAP vnet_hdr={OnOff}, generic: frame sent on netmap, read from the TAP fd",
        _ => "VALE port: PORT_HDR_SET / PORT_HDR_GET",
    };

    /// <summary>The case whose <see cref="Id"/> is <paramref name="id"/> (the guest agent's request names it so).</summary>
    public static NetmapHostScenario Find(string id) =>
        All.FirstOrDefault(c => c.Id == id) ?? throw new ArgumentException(
            $"no host netmap case '{id}' (known: {string.Join(", ", All.Select(c => c.Id))})", nameof(id));

    /// <summary>This case as a matrix cell: its documented expectation, and what <paramref name="observe"/> saw.</summary>
    public MatrixCell Cell(Func<NetmapHostScenario, Observation> observe) =>
        new(Id, Category, Title, () => (NetmapHostCatalogue.Expect(this), observe(this)));

    public override string ToString() => Title;

    private string OnOff => PeerOffload ? "on" : "off";
}
