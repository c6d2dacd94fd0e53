using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Model;
using Vnetconf.Packets;
using Vnetconf.Scenarios;

namespace Vnetconf.Harness.Tests.Scenarios;

/// <summary>The canonical words that observations and expectations share.</summary>
public sealed class FrameAspectsTests
{
    private static readonly FlowEndpoints Flow = LabAddresses.GuestToStack(IpFamily.IPv4);

    [Test]
    public void A_partial_frame_with_its_header_reads_as_partial_with_NEEDS_CSUM_start_and_offset()
    {
        var frame = Udp(200, L4ChecksumMode.Partial, new VirtioNetHeader { Flags = VirtioNetHeaderFlags.NeedsCsum, CsumStart = 34, CsumOffset = 6 });
        FrameAspects.ChecksumOf([frame]).Should().Be("partial, NEEDS_CSUM 34+6");
    }

    [Test]
    public void A_complete_frame_without_a_header_reads_as_complete_with_no_header()
    {
        FrameAspects.ChecksumOf([Udp(200, L4ChecksumMode.Complete, null)]).Should().Be("complete, no header");
        FrameAspects.HeaderOf([Udp(200, L4ChecksumMode.Complete, null)]).Should().Be("none");
    }

    [Test]
    public void A_header_less_frame_that_reads_both_partial_and_complete_is_left_to_its_neighbours()
    {
        // A partial frame (check field = pseudo-header sum) whose payload makes the full checksum verify as well: two
        // payload bytes are chosen so that the whole segment, pseudo-header included, sums to 0xFFFF.
        var bytes = new byte[FrameBuilder.UdpFrameLength(Flow, 200)];
        var built = FrameBuilder.Udp(bytes, Flow, GuestTcp.Pattern[..200], L4ChecksumMode.Partial);
        var slot = built.PayloadOffset + 100;
        bytes[slot] = bytes[slot + 1] = 0;
        var pseudo = Packets.ReferenceChecksum.PseudoHeaderSum(Flow.SourceIP.ToIPAddress().GetAddressBytes(), Flow.DestinationIP.ToIPAddress().GetAddressBytes(), 17, 208);
        var missing = (ushort)~Packets.ReferenceChecksum.Sum(bytes.AsSpan(built.L4Offset), pseudo);
        (bytes[slot], bytes[slot + 1]) = ((byte)(missing >> 8), (byte)missing);
        var ambiguous = new CapturedFrame(bytes, 0, null);

        ambiguous.Checksum.Should().Be(ChecksumState.CompleteValid, "without a header the full checksum verifying wins");
        ambiguous.ChecksumUndecided.Should().BeTrue();
        FrameAspects.ChecksumOf([Udp(200, L4ChecksumMode.Partial, null), ambiguous]).Should().Be("partial, no header");
        FrameAspects.ChecksumOf([ambiguous]).Should().Be("complete, no header", "alone it is read as the classifier reads it");
        FrameAspects.ChecksumOf([Udp(200, L4ChecksumMode.Complete, null), Udp(200, L4ChecksumMode.Partial, null)])
            .Should().Be("complete, no header / partial, no header", "frames that can tell keep their own words");
    }

    [Test]
    public void Different_frames_are_listed_once_each_in_order()
    {
        var frames = new[] { Udp(1000, L4ChecksumMode.Complete, default(VirtioNetHeader)), Udp(1000, L4ChecksumMode.Complete, default(VirtioNetHeader)), Udp(580, L4ChecksumMode.Garbage(1), default(VirtioNetHeader)) };
        FrameAspects.SegmentsOf(frames).Should().Be("2 × 1000 B + 1 × 580 B");
        FrameAspects.ChecksumOf(frames).Should().Be("complete, no flags / invalid, no flags");
    }

    [Test]
    public void A_GSO_frame_names_its_type_and_segment_size()
    {
        var gso = Udp(3000, L4ChecksumMode.Partial, new VirtioNetHeader { GsoType = VirtioGsoType.UdpL4, GsoSize = 1000 });
        FrameAspects.SegmentsOf([gso]).Should().Be("1 × 3000 B (UDP_L4 gso_size 1000)");
        FrameAspects.StreamShapeOf([gso]).Should().Be("super-frames: UDP_L4 gso_size 1000");
    }

    [Test]
    public void A_stream_without_GSO_headers_is_judged_by_its_frame_sizes()
    {
        FrameAspects.StreamShapeOf([Udp(1472, L4ChecksumMode.Complete, null)]).Should().Be("frames of at most 1514 B");
        FrameAspects.StreamShapeOf([Udp(2960, L4ChecksumMode.Complete, null)]).Should().Be("frames over 1514 B with no GSO header");
        FrameAspects.StreamShapeOf([]).Should().Be("no frames");
    }

    private static CapturedFrame Udp(int payload, L4ChecksumMode mode, VirtioNetHeader? header)
    {
        var bytes = new byte[FrameBuilder.UdpFrameLength(Flow, payload)];
        FrameBuilder.Udp(bytes, Flow, GuestTcp.Pattern[..payload], mode);
        return new CapturedFrame(bytes, header is null ? 0 : VirtioNetHeader.LegacySize, header);
    }
}
