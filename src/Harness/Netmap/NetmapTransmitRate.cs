namespace Vnetconf.Netmap;

/// <summary>What a timed transmission achieved: frames the kernel completed, over the time until the last one was.</summary>
public sealed record NetmapTransmitRate(long Frames, double Seconds)
{
    public double FramesPerSecond => Seconds > 0 ? Frames / Seconds : 0;

    public override string ToString() => $"{Frames} frames in {Seconds:0.000} s = {FramesPerSecond:0} pps";
}
