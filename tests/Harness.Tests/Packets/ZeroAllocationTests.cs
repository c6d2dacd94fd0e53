using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Packets;

namespace Vnetconf.Harness.Tests.Packets;

public sealed class ZeroAllocationTests
{
    [Test]
    public void Build_parse_classify_finish_and_header_codecs_allocate_nothing_per_frame()
    {
        var buffer = new byte[70_000];
        var header = new byte[VirtioNetHeader.HashReportSize];
        var text = new char[64];
        byte[] payload = TestFlows.Payload(1460);
        byte[] gsoPayload = TestFlows.Payload(60_000);

        RunFrames(10, buffer, header, text, payload, gsoPayload); // JIT, static constructors and tiering happen here

        long before = GC.GetAllocatedBytesForCurrentThread();
        int checksums = RunFrames(1000, buffer, header, text, payload, gsoPayload);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        allocated.Should().Be(0);
        checksums.Should().Be(1000 * 10, "every frame was judged as expected");
    }

    /// <summary>One round per flow family, protocol and checksum mode; returns how many classifications came out as expected.</summary>
    private static int RunFrames(int rounds, byte[] buffer, byte[] header, char[] text, byte[] payload, byte[] gsoPayload)
    {
        int expected = 0;
        for (int round = 0; round < rounds; round++)
        {
            foreach (bool ipv6 in (ReadOnlySpan<bool>)[false, true])
            {
                var flow = TestFlows.ForFamily(ipv6);

                var udp = FrameBuilder.Udp(buffer, flow, payload, L4ChecksumMode.Partial);
                expected += BuildParseFinish(buffer.AsSpan(0, udp.Length), ChecksumState.Partial, header);

                var tcp = FrameBuilder.Tcp(buffer, flow, TestFlows.SynWithOptions, payload, L4ChecksumMode.Complete);
                expected += BuildParseFinish(buffer.AsSpan(0, tcp.Length), ChecksumState.CompleteValid, header);

                var gso = FrameBuilder.Tcp(buffer, flow, TestFlows.DataSegment, gsoPayload, L4ChecksumMode.Partial);
                expected += BuildParseFinish(buffer.AsSpan(0, gso.Length), ChecksumState.Partial, header);

                var garbage = FrameBuilder.Udp(buffer, flow, payload, L4ChecksumMode.Garbage(0x1234));
                expected += BuildParseFinish(buffer.AsSpan(0, garbage.Length), ChecksumState.Invalid, header);

                _ = ParsedFrame.TryParse(buffer.AsSpan(0, garbage.Length), out var parsed);
                parsed.Source.TryFormat(text, out _);
                flow.SourceMac.TryFormat(text, out _);
                if (parsed.Source == flow.SourceIP && parsed.Source != flow.DestinationIP)
                    expected++;
            }
        }
        return expected;
    }

    private static int BuildParseFinish(Span<byte> frame, ChecksumState expectedState, byte[] header)
    {
        _ = ParsedFrame.TryParse(frame, out var parsed);
        var state = L4Checksum.Classify(frame, parsed);
        var virtio = new VirtioNetHeader
        {
            Flags = VirtioNetHeaderFlags.NeedsCsum,
            GsoType = VirtioGsoType.TcpV4,
            CsumStart = (ushort)parsed.L4Offset,
            CsumOffset = (ushort)(parsed.ChecksumFieldOffset - parsed.L4Offset),
        };
        virtio.Write(header, VirtioNetHeader.MergeableSize);
        var read = VirtioNetHeader.Read(header, VirtioNetHeader.MergeableSize);
        if (state == ChecksumState.Partial)
            L4Checksum.Finish(frame, read.CsumStart, read.CsumOffset);
        return state == expectedState && read == virtio ? 1 : 0;
    }
}
