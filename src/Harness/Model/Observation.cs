namespace Vnetconf.Model;

/// <summary>What a scenario showed: its aspects in canonical words, the frames behind them, and extra evidence.</summary>
public sealed class Observation
{
    public Dictionary<string, string> Aspects { get; } = new(StringComparer.Ordinal);

    /// <summary>The frames the aspects were read from, for reports, pcapng and failure messages.</summary>
    public List<CapturedFrame> Frames { get; } = [];

    /// <summary>Evidence that is reported but not compared (counter deltas, timings).</summary>
    public List<string> Notes { get; } = [];

    public string Evidence(int maxFrames = 8) =>
        string.Join(Environment.NewLine, Frames.Take(maxFrames).Select((f, i) => $"  frame {i}: {f}")
            .Concat(Frames.Count > maxFrames ? [$"  … {Frames.Count - maxFrames} more"] : [])
            .Concat(Notes.Select(n => $"  {n}")));
}
