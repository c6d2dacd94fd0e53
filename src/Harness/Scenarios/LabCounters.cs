using Vnetconf.Links;

namespace Vnetconf.Scenarios;

/// <summary>
/// The write-path lab's counters at one moment, each named where it is counted: the link statistics of tap0, br0
/// and nic0 in the stack namespace and of wire0 in the far one ("tap0 rx_dropped", "wire0 rx_nohandler"), and the
/// /proc/net/snmp(6) counters of both namespaces ("far Udp.InCsumErrors", "stack Ip.InHdrErrors"). Two readings,
/// before and after a write, say where a frame went that nobody received.
/// </summary>
internal sealed class LabCounters
{
    public const string StackPrefix = "stack";
    public const string FarPrefix = "far";

    private readonly Dictionary<string, long> values;

    private LabCounters(Dictionary<string, long> values) => this.values = values;

    public static LabCounters Read(HostLab lab)
    {
        var values = new Dictionary<string, long>(StringComparer.Ordinal);
        AddLink(values, lab.StackNetlink, HostLab.TapName);
        AddLink(values, lab.StackNetlink, HostLab.BridgeName);
        AddLink(values, lab.StackNetlink, HostLab.NicName);
        AddLink(values, lab.FarNetlink!, HostLab.WireName);
        AddSnmp(values, lab.Stack, StackPrefix);
        AddSnmp(values, lab.FarOrThrow, FarPrefix);
        return new LabCounters(values);
    }

    /// <summary>How far each counter moved since <paramref name="before"/>.</summary>
    public CounterDeltas Since(LabCounters before) => CounterDeltas.Between(before.values, values);

    private static void AddLink(Dictionary<string, long> values, Rtnetlink net, string link)
    {
        foreach (var (name, value) in net.GetLink(link).Stats.FrameCounters()) values[$"{link} {name}"] = value;
    }

    private static void AddSnmp(Dictionary<string, long> values, NetNamespace ns, string prefix)
    {
        foreach (var (name, value) in ProcNet.ReadSnmp(ns)) values[$"{prefix} {name}"] = value;
    }
}

/// <summary>The counters' movement between two <see cref="LabCounters"/> readings; a counter that did not exist reads 0.</summary>
internal sealed class CounterDeltas(IReadOnlyDictionary<string, long> deltas)
{
    /// <summary>
    /// How far each counter of <paramref name="after"/> moved from <paramref name="before"/> (one that was not there reads 0),
    /// named <paramref name="prefix"/> and the counter's name.
    /// </summary>
    public static CounterDeltas Between(IReadOnlyDictionary<string, long> before, IReadOnlyDictionary<string, long> after, string prefix = "") =>
        new(after.ToDictionary(c => prefix + c.Key, c => c.Value - before.GetValueOrDefault(c.Key), StringComparer.Ordinal));

    public long this[string counter] => deltas.GetValueOrDefault(counter);

    /// <summary>Every counter that moved, as one line of evidence.</summary>
    public override string ToString()
    {
        var moved = deltas.Where(d => d.Value != 0).OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => $"{d.Key} {d.Value:+0;-0}").ToArray();
        return moved.Length == 0 ? "no counter moved" : "counters: " + string.Join(", ", moved);
    }
}
