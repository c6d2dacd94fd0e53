using System.Buffers.Binary;
using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Packets;

namespace Vnetconf.Harness.Tests.Packets;

public sealed class L4ChecksumTests
{
    private static readonly int[] PayloadLengths = [0, 1, 2, 17, 1000, 1473, 40_000];

    [Test]
    public void Partial_checksum_finished_from_csum_start_equals_the_complete_one(
        [Values] bool ipv6, [Values] bool tcp, [ValueSource(nameof(PayloadLengths))] int payloadLength)
    {
        byte[] payload = TestFlows.Payload(payloadLength, seed: payloadLength);
        var (partial, built) = Build(ipv6, tcp, payload, L4ChecksumMode.Partial);
        var (complete, _) = Build(ipv6, tcp, payload, L4ChecksumMode.Complete);

        L4Checksum.Finish(partial, built.L4Offset, built.ChecksumOffset);

        partial.Should().Equal(complete);
        Classify(partial).Should().Be(ChecksumState.CompleteValid);
    }

    [Test]
    public void A_partial_build_holds_the_pseudo_header_sum_and_classifies_partial([Values] bool ipv6, [Values] bool tcp)
    {
        var flow = TestFlows.ForFamily(ipv6);
        var (frame, built) = Build(ipv6, tcp, TestFlows.Payload(300), L4ChecksumMode.Partial);
        var protocol = tcp ? IPProtocol.Tcp : IPProtocol.Udp;

        BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(built.ChecksumFieldOffset))
            .Should().Be(InternetChecksum.PseudoHeaderSum(flow.SourceIP, flow.DestinationIP, protocol, built.Length - built.L4Offset));
        Classify(frame).Should().Be(ChecksumState.Partial);
    }

    [Test]
    public void A_GSO_super_frame_is_partial_for_its_full_length_and_not_for_one_segment()
    {
        var flow = TestFlows.IPv4;
        var (frame, built) = Build(ipv6: false, tcp: true, TestFlows.Payload(40_000), L4ChecksumMode.Partial);
        ushort field = BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(built.ChecksumFieldOffset));

        Classify(frame).Should().Be(ChecksumState.Partial);
        field.Should().NotBe(InternetChecksum.PseudoHeaderSum(flow.SourceIP, flow.DestinationIP, IPProtocol.Tcp, 20 + 1448));
    }

    [Test]
    public void Garbage_classifies_as_invalid([Values] bool ipv6, [Values] bool tcp)
    {
        var (frame, _) = Build(ipv6, tcp, TestFlows.Payload(300), L4ChecksumMode.Garbage(0x1234));

        Classify(frame).Should().Be(ChecksumState.Invalid);
    }

    [Test]
    public void A_zero_UDP_checksum_means_absent_over_IPv4_and_invalid_over_IPv6_and_for_TCP()
    {
        Classify(Build(ipv6: false, tcp: false, TestFlows.Payload(300), L4ChecksumMode.Zero).Frame).Should().Be(ChecksumState.Absent);
        Classify(Build(ipv6: true, tcp: false, TestFlows.Payload(300), L4ChecksumMode.Zero).Frame).Should().Be(ChecksumState.Invalid);
        Classify(Build(ipv6: false, tcp: true, TestFlows.Payload(300), L4ChecksumMode.Zero).Frame).Should().Be(ChecksumState.Invalid);
    }

    [Test]
    public void Finish_stores_0xFFFF_where_the_sum_folds_to_zero_as_skb_checksum_help_does([Values] bool tcp)
    {
        // Choose the last payload word so the whole segment sums to 0xFFFF: the inverted checksum is then zero.
        byte[] payload = TestFlows.Payload(64);
        payload[^2] = payload[^1] = 0;
        var (probe, probeBuilt) = Build(ipv6: false, tcp, payload, L4ChecksumMode.Partial);
        ushort sumWithoutLastWord = InternetChecksum.Sum(probe.AsSpan(probeBuilt.L4Offset));
        BinaryPrimitives.WriteUInt16BigEndian(payload.AsSpan(^2), (ushort)~sumWithoutLastWord);
        var (partial, built) = Build(ipv6: false, tcp, payload, L4ChecksumMode.Partial);
        var (complete, _) = Build(ipv6: false, tcp, payload, L4ChecksumMode.Complete);

        L4Checksum.Finish(partial, built.L4Offset, built.ChecksumOffset);

        BinaryPrimitives.ReadUInt16BigEndian(partial.AsSpan(built.ChecksumFieldOffset)).Should().Be(L4Checksum.MangledZero);
        partial.Should().Equal(complete);
        Classify(partial).Should().Be(ChecksumState.CompleteValid);
    }

    [Test]
    public void A_field_both_partial_and_complete_is_partial_when_the_header_says_NEEDS_CSUM_and_complete_otherwise([Values] bool tcp)
    {
        // Choose the last payload word so the segment, with the pseudo-header sum in its check field, sums to 0xFFFF:
        // the field then holds what a partial checksum holds and also verifies as complete (by chance, 1 segment in 65,536).
        var flow = TestFlows.ForFamily(ipv6: false);
        byte[] payload = TestFlows.Payload(64);
        payload[^2] = payload[^1] = 0;
        var (probe, probeBuilt) = Build(ipv6: false, tcp, payload, L4ChecksumMode.Partial);
        ushort pseudoHeaderSum = ReferenceChecksum.PseudoHeaderSum(flow.SourceIP.ToIPAddress().GetAddressBytes(), flow.DestinationIP.ToIPAddress().GetAddressBytes(),
            tcp ? (byte)6 : (byte)17, probeBuilt.Length - probeBuilt.L4Offset);
        BinaryPrimitives.WriteUInt16BigEndian(payload.AsSpan(^2), (ushort)~ReferenceChecksum.Sum(probe.AsSpan(probeBuilt.L4Offset), pseudoHeaderSum));
        var (frame, built) = Build(ipv6: false, tcp, payload, L4ChecksumMode.Partial);
        BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(built.ChecksumFieldOffset)).Should().Be(pseudoHeaderSum, "the field is a partial checksum");
        ReferenceChecksum.Sum(frame.AsSpan(built.L4Offset), pseudoHeaderSum).Should().Be(0xFFFF, "and the segment verifies as complete");
        ParsedFrame.TryParse(frame, out var parsed).Should().BeTrue();

        L4Checksum.Classify(frame, parsed, declaredPartial: true).Should().Be(ChecksumState.Partial, "NEEDS_CSUM says the field is a partial sum, and it is one");
        L4Checksum.Classify(frame, parsed).Should().Be(ChecksumState.CompleteValid, "without a header, a receiver would accept the frame");
    }

    [Test]
    public void Finish_refuses_a_check_field_outside_the_frame()
    {
        var frame = new byte[60];

        FluentActions.Invoking(() => L4Checksum.Finish(frame, 34, 25)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => L4Checksum.Finish(frame, -1, 6)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => L4Checksum.Finish(frame, 34, 24)).Should().NotThrow();
    }

    [Test]
    public void Kernel_partial_UDP_frame_classifies_partial_and_finishes_to_the_checksum_tcpdump_computed()
    {
        byte[] frame = KernelFrames.PartialUdp4;
        ParsedFrame.TryParse(frame, out var parsed).Should().BeTrue();

        Classify(frame).Should().Be(ChecksumState.Partial);
        L4Checksum.Finish(frame, parsed.L4Offset, parsed.ChecksumFieldOffset - parsed.L4Offset);

        BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(parsed.ChecksumFieldOffset)).Should().Be(0xa33a);
        frame.AsSpan(parsed.L4Offset).ToArray().Should().Equal(KernelFrames.CompleteUdp4.AsSpan(parsed.L4Offset).ToArray());
    }

    [Test]
    public void Kernel_partial_UDP6_frame_finishes_to_the_kernels_own_complete_frame_byte_for_byte()
    {
        byte[] frame = KernelFrames.PartialUdp6;
        ParsedFrame.TryParse(frame, out var parsed).Should().BeTrue();

        Classify(frame).Should().Be(ChecksumState.Partial);
        L4Checksum.Finish(frame, parsed.L4Offset, UdpHeader.ChecksumOffset);

        frame.Should().Equal(KernelFrames.CompleteUdp6);
    }

    [Test]
    public void Kernel_partial_TCP_SYN_finishes_to_the_checksum_tcpdump_computed()
    {
        byte[] frame = KernelFrames.PartialTcpSyn;
        ParsedFrame.TryParse(frame, out var parsed).Should().BeTrue();

        Classify(frame).Should().Be(ChecksumState.Partial);
        L4Checksum.Finish(frame, parsed.L4Offset, TcpHeader.ChecksumOffset);

        parsed.L4Offset.Should().Be(34);
        BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(parsed.ChecksumFieldOffset)).Should().Be(0xcb9d);
    }

    [Test]
    public void Kernel_complete_frames_classify_complete()
    {
        Classify(KernelFrames.CompleteUdp4).Should().Be(ChecksumState.CompleteValid);
        Classify(KernelFrames.CompleteUdp6).Should().Be(ChecksumState.CompleteValid);
        Classify(KernelFrames.CompleteTcpSyn).Should().Be(ChecksumState.CompleteValid);
        Classify(KernelFrames.CompleteTcpData).Should().Be(ChecksumState.CompleteValid);
    }

    [Test]
    public void FieldOffset_is_6_for_UDP_16_for_TCP_and_refused_otherwise()
    {
        L4Checksum.FieldOffset(IPProtocol.Udp).Should().Be(6);
        L4Checksum.FieldOffset(IPProtocol.Tcp).Should().Be(16);
        FluentActions.Invoking(() => L4Checksum.FieldOffset(IPProtocol.IcmpV6)).Should().Throw<ArgumentOutOfRangeException>();
    }

    private static (byte[] Frame, BuiltFrame Built) Build(bool ipv6, bool tcp, byte[] payload, L4ChecksumMode mode)
    {
        var flow = TestFlows.ForFamily(ipv6);
        var buffer = new byte[payload.Length + 200];
        var built = tcp
            ? FrameBuilder.Tcp(buffer, flow, TestFlows.DataSegment, payload, mode)
            : FrameBuilder.Udp(buffer, flow, payload, mode);
        return (buffer[..built.Length], built);
    }

    private static ChecksumState Classify(byte[] frame)
    {
        ParsedFrame.TryParse(frame, out var parsed).Should().BeTrue();
        return L4Checksum.Classify(frame, parsed);
    }
}
