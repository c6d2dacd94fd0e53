namespace Vnetconf.Perf.Reporting;

/// <summary>
/// One measurement against a reference on the same host in the same run, trial by trial: trial i of each was
/// measured back to back, so host noise (two cores, other work) hits the pair alike; the judged figure is the median
/// of the per-trial ratios subject / reference.
/// </summary>
/// <param name="title">what is compared, e.g. "TAP injection vs C write() loop"</param>
/// <param name="subject">the side the bound is about, e.g. the harness's injection</param>
/// <param name="reference">the side it is measured against, e.g. a peer program or the same path without an offload</param>
/// <param name="bound">the asserted lower bound of the median ratio (from the profile)</param>
/// <param name="target">the ratio aimed for (from the profile), reported only; null where the profile names none</param>
public sealed class Comparison(string title, Measurement subject, Measurement reference, double bound, double? target = null)
{
    public string Title { get; } = title;
    public Measurement Subject { get; } = subject;
    public Measurement Reference { get; } = reference;
    public double Bound { get; } = bound;
    public double? Target { get; } = target;

    /// <summary>Trials measured on both sides.</summary>
    public int Trials => Math.Min(Subject.Samples.Count, Reference.Samples.Count);

    public Spread RatioSpread => Spread.Of(Enumerable.Range(0, Trials)
        .Select(i => Subject.Quantity.Of(Subject.Samples[i]) / Reference.Quantity.Of(Reference.Samples[i])));
}
