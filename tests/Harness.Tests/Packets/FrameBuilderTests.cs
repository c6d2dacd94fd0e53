using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Packets;

namespace Vnetconf.Harness.Tests.Packets;

public sealed class FrameBuilderTests
{
    [Test]
    public void Frame_length_helpers_match_what_the_builders_write([Values] bool ipv6)
    {
        var flow = TestFlows.ForFamily(ipv6);
        var buffer = new byte[2048];

        FrameBuilder.Udp(buffer, flow, new byte[123], L4ChecksumMode.Complete).Length
            .Should().Be(FrameBuilder.UdpFrameLength(flow, 123));
        FrameBuilder.Tcp(buffer, flow, TestFlows.SynWithOptions, new byte[123], L4ChecksumMode.Complete).Length
            .Should().Be(FrameBuilder.TcpFrameLength(flow, TestFlows.SynWithOptions, 123));
    }

    [Test]
    public void A_destination_too_small_is_refused_before_anything_is_written()
    {
        var flow = TestFlows.IPv4;
        var buffer = new byte[FrameBuilder.UdpFrameLength(flow, 100) - 1];

        FluentActions.Invoking(() => FrameBuilder.Udp(buffer, flow, new byte[100], L4ChecksumMode.Complete))
            .Should().Throw<ArgumentException>().WithParameterName("destination");
        buffer.Should().OnlyContain(b => b == 0);
    }

    [Test]
    public void An_IPv4_frame_whose_total_length_would_pass_65535_is_refused()
    {
        var flow = TestFlows.IPv4;
        var buffer = new byte[70_000];
        int largest = IPv4Header.MaxTotalLength - IPv4Header.Size - UdpHeader.Size;

        FrameBuilder.Udp(buffer, flow, new byte[largest], L4ChecksumMode.Complete).Length.Should().Be(14 + 65535);
        FluentActions.Invoking(() => FrameBuilder.Udp(buffer, flow, new byte[largest + 1], L4ChecksumMode.Complete))
            .Should().Throw<ArgumentOutOfRangeException>();
    }

    [Test]
    public void A_flow_mixing_IPv4_and_IPv6_is_refused()
    {
        var mixed = TestFlows.IPv4 with { DestinationIP = TestFlows.IPv6.DestinationIP };
        var buffer = new byte[256];

        FluentActions.Invoking(() => FrameBuilder.Udp(buffer, mixed, [], L4ChecksumMode.Complete)).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => FrameBuilder.Udp(buffer, mixed.Reversed(), [], L4ChecksumMode.Complete)).Should().Throw<ArgumentException>();
    }

    [Test]
    public void A_reversed_flow_swaps_both_ends_at_every_layer()
    {
        var reversed = TestFlows.IPv4.Reversed();

        reversed.SourceMac.Should().Be(TestFlows.IPv4.DestinationMac);
        reversed.DestinationMac.Should().Be(TestFlows.IPv4.SourceMac);
        reversed.SourceIP.Should().Be(TestFlows.IPv4.DestinationIP);
        reversed.DestinationIP.Should().Be(TestFlows.IPv4.SourceIP);
        reversed.SourcePort.Should().Be(TestFlows.IPv4.DestinationPort);
        reversed.DestinationPort.Should().Be(TestFlows.IPv4.SourcePort);
        reversed.Reversed().Should().Be(TestFlows.IPv4);
    }

    [Test]
    public void Checksum_modes_compare_by_kind_and_garbage_value_and_print_readably()
    {
        L4ChecksumMode.Garbage(0xBEEF).Should().Be(L4ChecksumMode.Garbage(0xBEEF));
        L4ChecksumMode.Garbage(0xBEEF).Should().NotBe(L4ChecksumMode.Garbage(0xBEEE));
        default(L4ChecksumMode).Should().Be(L4ChecksumMode.Complete);
        L4ChecksumMode.Garbage(0xBEEF).ToString().Should().Be("Garbage(0xbeef)");
        L4ChecksumMode.Partial.ToString().Should().Be("Partial");
    }
}
