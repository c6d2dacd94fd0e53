using Vnetconf.Scenarios;

namespace Vnetconf.Perf.Reporting;

/// <summary>
/// One path measured trial by trial (e.g. "harness TSO injection" or "guest TX, vnet_hdr on, TSO on"), in the unit of
/// its <see cref="Quantity"/>, with the named profile's absolute floor for its median when the profile has one.
/// </summary>
public sealed class Measurement(string label, Quantity quantity, double? floor = null)
{
    private readonly List<ThroughputSample> samples = [];

    public string Label { get; } = label;
    public Quantity Quantity { get; } = quantity;

    /// <summary>The lowest median the profile accepts, in <see cref="Quantity"/>'s unit; null in a ratios-only profile.</summary>
    public double? Floor { get; } = floor;

    public IReadOnlyList<ThroughputSample> Samples => samples;

    public void Add(ThroughputSample sample) => samples.Add(sample);

    public Spread Spread => Spread.Of(samples.Select(Quantity.Of));
}
