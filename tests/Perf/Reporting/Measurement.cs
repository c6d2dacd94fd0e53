using Vnetconf.Scenarios;

namespace Vnetconf.Perf.Reporting;

/// <summary>
/// One path measured trial by trial (e.g. "harness TSO injection" or "guest TX, vnet_hdr on, TSO on"), in the unit of
/// its <see cref="Quantity"/>, with the named profile's absolute floor (or, for a time, ceiling) for its median when
/// the profile has one.
/// </summary>
public sealed class Measurement(string label, Quantity quantity, double? floor = null, double? ceiling = null)
{
    private readonly List<ThroughputSample> samples = [];

    public string Label { get; } = label;
    public Quantity Quantity { get; } = quantity;

    /// <summary>The lowest median the profile accepts, in <see cref="Quantity"/>'s unit; null in a ratios-only profile.</summary>
    public double? Floor { get; } = floor;

    /// <summary>The highest median the profile accepts (a time), in <see cref="Quantity"/>'s unit; null in a ratios-only profile.</summary>
    public double? Ceiling { get; } = ceiling;

    /// <summary>The profile's limit as the report shows it: "≥ floor" or "≤ ceiling", or empty.</summary>
    public string Limit => Floor is { } floor ? $"≥ {Quantity.Format(floor)}" : Ceiling is { } ceiling ? $"≤ {Quantity.Format(ceiling)}" : "";

    public IReadOnlyList<ThroughputSample> Samples => samples;

    public void Add(ThroughputSample sample) => samples.Add(sample);

    public Spread Spread => Spread.Of(samples.Select(Quantity.Of));
}
