using BenchmarkDotNet.Attributes;
using Vnetconf.Packets;

namespace Vnetconf.Perf.Benchmarks;

/// <summary>The virtio-net header codec, once per frame on every TAP read and write.</summary>
[MemoryDiagnoser]
public class HeaderBenchmarks
{
    private readonly byte[] buffer = new byte[VirtioNetHeader.HashReportSize];

    private readonly VirtioNetHeader header = new()
    {
        Flags = VirtioNetHeaderFlags.NeedsCsum, GsoType = VirtioGsoType.TcpV4, GsoSize = 1460,
        HdrLen = 54, CsumStart = 34, CsumOffset = 16,
    };

    /// <summary>The legacy header and the mergeable-buffers / virtio 1.0 one.</summary>
    [Params(VirtioNetHeader.LegacySize, VirtioNetHeader.MergeableSize)]
    public int HeaderSize { get; set; }

    [GlobalSetup]
    public void WriteOnce() => header.Write(buffer, HeaderSize);

    [Benchmark]
    public void Write() => header.Write(buffer, HeaderSize);

    [Benchmark]
    public VirtioNetHeader Read() => VirtioNetHeader.Read(buffer, HeaderSize);
}
