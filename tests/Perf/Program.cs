using BenchmarkDotNet.Running;
using Vnetconf.Perf.Benchmarks;

namespace Vnetconf.Perf;

/// <summary>
/// The micro-benchmarks' console entry point:
/// <c>dotnet run -c Release --project tests/Perf -- --filter '*'</c> (any BenchmarkDotNet arguments work, e.g.
/// <c>--filter '*Checksum*' --job short</c>). The Perf-category NUnit tests in this project run under
/// <c>dotnet test</c> instead and never reach this method.
/// </summary>
public static class Program
{
    /// <summary>
    /// BenchmarkDotNet's default toolchain builds a generated project that finds ours by the assembly's name
    /// (Vnetconf.Perf, the suite's naming) and fails on Perf.csproj; its in-process toolchain runs the same
    /// benchmarks in this process, with no generated project, which suits pure code such as the codecs.
    /// </summary>
    private const string InProcess = "--inProcess";

    public static void Main(string[] args) =>
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly)
            .Run(args.Contains(InProcess) ? args : [.. args, InProcess], CodecBenchmarkConfig.Create());
}
