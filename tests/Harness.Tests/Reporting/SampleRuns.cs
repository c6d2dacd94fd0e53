using Vnetconf.Model;

using Vnetconf.Reporting;

namespace Vnetconf.Harness.Tests.Reporting;

/// <summary>Runs with every verdict, on one stack or two, as the report renderers' tests read them.</summary>
internal static class SampleRuns
{
    public static readonly AspectResult Documented = new("checksum", "partial", "partial", "tun_put_user keeps CHECKSUM_PARTIAL", "drivers/net/tun.c: tun_put_user");
    public static readonly AspectResult Deviating = new("gso", "none", "tcpv4 1448", "TUN_F_TSO4 lets GSO through", "drivers/net/tun.c: set_offload");

    public static RunResults Stack(string guestKernel, bool deviating) => new(RunResults.CurrentSchema, DateTimeOffset.Parse("2026-12-01T10:00:00Z"),
        new Dictionary<string, string> { [EnvironmentKeys.HostKernel] = "6.18.44", [EnvironmentKeys.GuestKernel] = guestKernel, ["note"] = "a <tag> & a # sign" },
        [
            new CellResult("host.read.vnet.csum.udpdatagram.ipv4", "host.read", "UDP datagram, vnet_hdr, CSUM", CellResult.AsDocumented, [Documented], ["read 1 frame"]),
            deviating
                ? new CellResult("guest.tx.vnet-on.tso4", "guest.tx", "guest TX, TSO4 #1", CellResult.Deviates, [Documented, Deviating], [])
                : new CellResult("guest.tx.vnet-on.tso4", "guest.tx", "guest TX, TSO4 #1", CellResult.AsDocumented, [Documented, Deviating with { Observed = Deviating.Expected }], []),
            CellResult.FromError("guest.rx.vnet-on.udp", "guest.rx", "guest RX, UDP", new TimeoutException("no frame within 5 s\nafter 3 tries")),
            CellResult.FromSkip("netmap.rx.generic.vnet-on", "netmap.rx", "netmap RX, generic", "no netmap modules: set VNETCONF_NETMAP_MODULES or pass --netmap-modules DIR"),
        ]);

    public static IReadOnlyList<(string Stack, RunResults Run)> OneStack { get; } = [("this run", Stack("6.1.0-40-cloud-amd64", deviating: true))];

    /// <summary>Two stacks that differ in one cell (it deviates on the second) and in one cell the first lacks.</summary>
    public static IReadOnlyList<(string Stack, RunResults Run)> TwoStacks { get; } =
    [
        ("debian-12", WithoutNetmap(Stack("6.1.0-40-cloud-amd64", deviating: false))),
        ("debian-13", Stack("6.12.57+deb13-cloud-amd64", deviating: true)),
    ];

    /// <summary>
    /// <see cref="TwoStacks"/> and a third stack, on a named node, that skipped the host.read cell the baseline ran:
    /// a behaviour not run there (a gap for the gate), never a difference.
    /// </summary>
    public static IReadOnlyList<(string Stack, RunResults Run)> ThreeStacks { get; } =
    [
        .. TwoStacks,
        ("worker-2", WithoutHostRead(Stack("6.12.57+deb13-cloud-amd64", deviating: false))),
    ];

    public const string HostReadSkipReason = "not root: run as root";

    private static RunResults WithoutHostRead(RunResults run) => run with
    {
        Environment = new Dictionary<string, string>(run.Environment) { [EnvironmentKeys.Node] = "worker-2" },
        Cells = [.. run.Cells.Select(c => c.Category == "host.read" ? CellResult.FromSkip(c.Id, c.Category, c.Title, HostReadSkipReason) : c)],
    };

    private static RunResults WithoutNetmap(RunResults run) => run with { Cells = [.. run.Cells.Where(c => !c.Category.StartsWith("netmap", StringComparison.Ordinal))] };
}
