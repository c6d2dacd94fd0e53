using Vnetconf.Model;

namespace Vnetconf.Scenarios;

/// <summary>An observation point that yields frames one at a time: a TAP reader, an AF_PACKET capture.</summary>
public interface IFrameSource
{
    /// <summary>The next frame within <paramref name="timeout"/>, or null when none came.</summary>
    CapturedFrame? Receive(TimeSpan timeout);
}

internal static class FrameSourceExtensions
{
    /// <summary>However busy the source, a collection ends after this long.</summary>
    public static readonly TimeSpan CollectionLimit = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Receives until <paramref name="wanted"/> has matched <paramref name="count"/> frames, the source went quiet,
    /// or <see cref="CollectionLimit"/> passed (unwanted frames, such as retransmissions, keep a source from going quiet).
    /// </summary>
    public static List<CapturedFrame> ReceiveMatching(this IFrameSource source, Func<CapturedFrame, bool> wanted, int count, TimeSpan quiet)
    {
        var frames = new List<CapturedFrame>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (frames.Count < count && clock.Elapsed < CollectionLimit && source.Receive(quiet) is { } frame)
            if (wanted(frame)) frames.Add(frame);
        return frames;
    }

    /// <summary>
    /// Receives until the marker frame arrives (<paramref name="isMarker"/>), one written after the frames under test on
    /// the same path, so that every frame of the cell that reached this observation point came before it; returns the
    /// frames before it that <paramref name="wanted"/> matches. A marker that does not come within
    /// <paramref name="timeout"/> means the path itself is broken: that is a timeout, not an observation of absence.
    /// </summary>
    public static List<CapturedFrame> ReceiveUntilMarker(this IFrameSource source, Func<CapturedFrame, bool> wanted, Func<CapturedFrame, bool> isMarker, TimeSpan timeout)
    {
        var frames = new List<CapturedFrame>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var left = timeout - clock.Elapsed;
            if (left <= TimeSpan.Zero || source.Receive(left) is not { } frame)
                throw new TimeoutException($"the marker frame did not reach {source} within {timeout.TotalSeconds} s");
            if (isMarker(frame)) return frames;
            if (wanted(frame)) frames.Add(frame);
        }
    }
}
