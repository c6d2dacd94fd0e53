using System.Globalization;
using Vnetconf.Scenarios;

namespace Vnetconf.Perf.Reporting;

/// <summary>What a comparison measures of a sample, and how it is written.</summary>
public sealed class Quantity
{
    private readonly Func<ThroughputSample, double> of;
    private readonly Func<double, string> format;

    private Quantity(Func<ThroughputSample, double> of, Func<double, string> format)
    {
        this.of = of;
        this.format = format;
    }

    /// <summary>Frames per second that reached the far end.</summary>
    public static Quantity FrameRate { get; } = new(s => s.FramesPerSecond, v => $"{(v / 1e3).ToString("F1", CultureInfo.InvariantCulture)} kframes/s");

    /// <summary>Bits per second of the sample's bytes (what they count is the probe's to say: rx_bytes at the far end, or a socket's goodput).</summary>
    public static Quantity BitRate { get; } = new(s => s.BytesPerSecond * 8, v => v >= 1e9
        ? $"{(v / 1e9).ToString("F2", CultureInfo.InvariantCulture)} Gbit/s"
        : $"{(v / 1e6).ToString("F1", CultureInfo.InvariantCulture)} Mbit/s");

    /// <summary>Cells judged per second (a sample's frames are its cells).</summary>
    public static Quantity CellRate { get; } = new(s => s.FramesPerSecond, v => $"{v.ToString("F1", CultureInfo.InvariantCulture)} cells/s");

    /// <summary>Wall time of the sample, seconds: a run or a boot, where less is better (a comparison puts the slower side first).</summary>
    public static Quantity Duration { get; } = new(s => s.Elapsed.TotalSeconds, v => $"{v.ToString("F2", CultureInfo.InvariantCulture)} s");

    public double Of(ThroughputSample sample) => of(sample);

    public string Format(double value) => format(value);
}
