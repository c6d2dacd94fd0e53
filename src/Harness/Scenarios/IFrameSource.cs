namespace Vnetconf.Scenarios;

/// <summary>An observation point that yields frames one at a time: a TAP reader, an AF_PACKET capture.</summary>
public interface IFrameSource
{
    /// <summary>The next frame within <paramref name="timeout"/>, or null when none came.</summary>
    CapturedFrame? Receive(TimeSpan timeout);
}

public static class FrameSourceExtensions
{
    /// <summary>Receives until <paramref name="wanted"/> has matched <paramref name="count"/> frames or the source went quiet.</summary>
    public static List<CapturedFrame> ReceiveMatching(this IFrameSource source, Func<CapturedFrame, bool> wanted, int count, TimeSpan quiet)
    {
        var frames = new List<CapturedFrame>();
        while (frames.Count < count && source.Receive(quiet) is { } frame)
            if (wanted(frame)) frames.Add(frame);
        return frames;
    }
}
