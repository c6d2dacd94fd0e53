using BenchmarkDotNet.Attributes;
using Vnetconf.Packets;

namespace Vnetconf.Perf.Benchmarks;

/// <summary>
/// Building, judging and finishing one frame: the per-frame work of injection and observation, each a pass over
/// the payload (hence GB/s). An MTU-sized IPv4 frame (1460 bytes of payload) and a TCP GSO super-frame
/// (44 × 1460), in the lab's address ranges.
/// </summary>
[MemoryDiagnoser]
public class FrameBenchmarks : IBytesPerOperation
{
    internal static readonly FlowEndpoints Flow = new(
        MacAddress.Parse("02:76:6e:63:00:01"), MacAddress.Parse("02:76:6e:63:00:02"),
        IPAddressBytes.Parse("198.18.0.1"), IPAddressBytes.Parse("198.18.0.2"), 9000, 40000);

    internal static readonly TcpSegmentFields Segment = new(Sequence: 1, Acknowledgment: 1, Flags: TcpFlags.Ack, Window: ushort.MaxValue);

    private readonly byte[] frame = new byte[70_000];
    private byte[] payload = [];
    private BuiltFrame tcp;
    private ParsedFrame parsed;

    /// <summary>Payload bytes: one MSS, or a 64 KB super-frame's worth of MSS-sized segments.</summary>
    [Params(1460, 44 * 1460)]
    public int Payload { get; set; }

    public int BytesPerOperation => Payload;

    [GlobalSetup]
    public void BuildOnce()
    {
        payload = new byte[Payload];
        new Random(Payload).NextBytes(payload);
        tcp = FrameBuilder.Tcp(frame, Flow, Segment, payload, L4ChecksumMode.Partial);
        _ = ParsedFrame.TryParse(frame.AsSpan(0, tcp.Length), out parsed);
    }

    [Benchmark]
    public BuiltFrame BuildUdpComplete() => FrameBuilder.Udp(frame, Flow, payload, L4ChecksumMode.Complete);

    [Benchmark]
    public BuiltFrame BuildTcpComplete() => FrameBuilder.Tcp(frame, Flow, Segment, payload, L4ChecksumMode.Complete);

    /// <summary>Partial: only the pseudo-header sum is written, so this is the build cost without the checksum pass.</summary>
    [Benchmark]
    public BuiltFrame BuildTcpPartial() => FrameBuilder.Tcp(frame, Flow, Segment, payload, L4ChecksumMode.Partial);

    [Benchmark]
    public ChecksumState Classify() => L4Checksum.Classify(frame.AsSpan(0, tcp.Length), parsed);

    /// <summary>The check field's content changes from one invocation to the next; the work, one pass over the segment, does not.</summary>
    [Benchmark]
    public void Finish() => L4Checksum.Finish(frame.AsSpan(0, tcp.Length), tcp.L4Offset, tcp.ChecksumOffset);
}
