using BenchmarkDotNet.Attributes;
using Vnetconf.Packets;

namespace Vnetconf.Perf.Benchmarks;

/// <summary>The vectorised Internet checksum from a minimum frame to a GSO super-frame (issue target: ≥ 10 GB/s at 64 KB).</summary>
[MemoryDiagnoser]
public class ChecksumBenchmarks : IBytesPerOperation
{
    private byte[] data = [];

    /// <summary>Minimum frame, Ethernet MTU, jumbo MTU, and the 64 KiB IP limit of a GSO super-frame.</summary>
    [Params(64, 1500, 9000, 65536)]
    public int Size { get; set; }

    public int BytesPerOperation => Size;

    [GlobalSetup]
    public void CreateData()
    {
        data = new byte[Size];
        new Random(Size).NextBytes(data);
    }

    [Benchmark]
    public ushort Sum() => InternetChecksum.Sum(data);
}
