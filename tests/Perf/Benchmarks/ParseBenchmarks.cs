using BenchmarkDotNet.Attributes;
using Vnetconf.Packets;

namespace Vnetconf.Perf.Benchmarks;

/// <summary>ParsedFrame.TryParse reads headers only, so its cost does not grow with the payload and has no GB/s.</summary>
[MemoryDiagnoser]
public class ParseBenchmarks
{
    private readonly byte[] frame = new byte[70_000];
    private int length;

    [Params(1460, 44 * 1460)]
    public int Payload { get; set; }

    [GlobalSetup]
    public void BuildOnce() =>
        length = FrameBuilder.Tcp(frame, FrameBenchmarks.Flow, FrameBenchmarks.Segment, new byte[Payload], L4ChecksumMode.Partial).Length;

    [Benchmark]
    public bool Parse() => ParsedFrame.TryParse(frame.AsSpan(0, length), out _);
}
