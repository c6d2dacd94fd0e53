using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;

namespace Vnetconf.Perf.Benchmarks;

/// <summary>
/// The configuration every codec benchmark runs under: allocations per operation (the codec promises 0 B),
/// bytes per second where a benchmark declares its bytes per operation, and the reports (Markdown among
/// them) under results/perf/benchmarks.
/// </summary>
public static class CodecBenchmarkConfig
{
    public static IConfig Create() => DefaultConfig.Instance
        .AddDiagnoser(MemoryDiagnoser.Default)
        .AddColumn(new GigabytesPerSecondColumn())
        .WithArtifactsPath(Path.Combine(PerfResults.Directory(), "benchmarks"));
}
