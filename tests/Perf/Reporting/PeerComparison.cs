using Vnetconf.Scenarios;

namespace Vnetconf.Perf.Reporting;

/// <summary>
/// The harness against one peer on the same path, trial by trial: each trial measures both, back to back, so
/// host noise (two cores, other work) hits the pair alike; the judged figure is the median of the per-trial
/// ratios harness / peer.
/// </summary>
/// <param name="title">what is compared, e.g. "TAP injection vs C write() loop"</param>
/// <param name="harness">the harness's side, e.g. "harness TAP injection, MTU frame"</param>
/// <param name="peer">the peer's side</param>
/// <param name="quantity">the measured quantity, with its unit</param>
/// <param name="bound">the asserted lower bound of the median ratio (from the profile)</param>
/// <param name="target">the ratio aimed for (from the profile), reported only</param>
public sealed class PeerComparison(string title, string harness, string peer, Quantity quantity, double bound, double target)
{
    private readonly List<(ThroughputSample Harness, ThroughputSample Peer)> trials = [];

    public string Title { get; } = title;
    public string Harness { get; } = harness;
    public string Peer { get; } = peer;
    public Quantity Quantity { get; } = quantity;
    public double Bound { get; } = bound;
    public double Target { get; } = target;

    public IReadOnlyList<(ThroughputSample Harness, ThroughputSample Peer)> Trials => trials;

    public void Add(ThroughputSample harness, ThroughputSample peer) => trials.Add((harness, peer));

    public Spread HarnessSpread => Spread.Of(trials.Select(t => Quantity.Of(t.Harness)));
    public Spread PeerSpread => Spread.Of(trials.Select(t => Quantity.Of(t.Peer)));
    public Spread RatioSpread => Spread.Of(trials.Select(t => Quantity.Of(t.Harness) / Quantity.Of(t.Peer)));
}
