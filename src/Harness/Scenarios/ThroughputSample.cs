namespace Vnetconf.Scenarios;

/// <summary>One trial's result: the frames and bytes that crossed the measured path in the trial's time (each probe says where it counts them).</summary>
public readonly record struct ThroughputSample(long Frames, long Bytes, TimeSpan Elapsed)
{
    /// <summary>The frames and bytes a link received between two readings of its counters.</summary>
    public static ThroughputSample Between(Links.LinkStats before, Links.LinkStats after, TimeSpan elapsed) =>
        new((long)(after.RxPackets - before.RxPackets), (long)(after.RxBytes - before.RxBytes), elapsed);

    public double BytesPerSecond => Bytes / Elapsed.TotalSeconds;
    public double FramesPerSecond => Frames / Elapsed.TotalSeconds;
    public override string ToString() => $"{BytesPerSecond * 8 / 1e9:F2} Gbit/s ({FramesPerSecond:F0} frames/s)";
}
