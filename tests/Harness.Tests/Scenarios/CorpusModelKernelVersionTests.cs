using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Model;
using Vnetconf.Packets;
using Vnetconf.Scenarios;

namespace Vnetconf.Harness.Tests.Scenarios;

/// <summary>
/// The corpus model judges a write by the side of each kernel change its kernel is on. Each case is checked on the last
/// release without the change and the first with it; the expected answers are read from the sources the changes name
/// (tun_get_user before and after 2506251e81d1; __virtio_net_hdr_to_skb before and after 49d14b54a527, 89add40066f9 and 860b7f27b8f7).
/// </summary>
public sealed class CorpusModelKernelVersionTests
{
    private const string Accepted = "accepted";
    private const string Rejected = "rejected: EINVAL";

    private static byte[] UdpFrame(int payload, L4ChecksumMode checksum)
    {
        var flow = LabAddresses.GuestToStack(IpFamily.IPv4);
        var frame = new byte[FrameBuilder.UdpFrameLength(flow, payload)];
        FrameBuilder.Udp(frame, flow, new byte[payload], checksum);
        return frame;
    }

    private static string? Write(VirtioNetHeader header, int tapHeaderSize, byte[] frame, KernelVersion kernel) =>
        CorpusModel.Predict(HostileFrames.Compose(header, tapHeaderSize, frame), new CorpusLab(tapHeaderSize, NicOffloads: true), kernel).Write;

    // Before 6.15 tun_get_user compared hdr_len with the bytes after vnet_hdr_sz; since, with the bytes after the 10 it parsed.
    [TestCase(12, 2, 6, 14, 0, Rejected, TestName = "hdr_len 2 past the frame under a 12-byte TAP header is rejected on 6.14")]
    [TestCase(12, 2, 6, 15, 0, Accepted, TestName = "hdr_len 2 past the frame under a 12-byte TAP header is accepted on 6.15")]
    [TestCase(20, 10, 6, 12, 117, Rejected, TestName = "hdr_len 10 past the frame under a 20-byte TAP header is rejected on 6.12")]
    [TestCase(20, 10, 6, 18, 0, Accepted, TestName = "hdr_len 10 past the frame under a 20-byte TAP header is accepted on 6.18")]
    [TestCase(20, 11, 6, 18, 0, Rejected, TestName = "hdr_len 11 past the frame under a 20-byte TAP header is rejected on 6.18")]
    [TestCase(10, 1, 6, 1, 0, Rejected, TestName = "hdr_len 1 past the frame under a 10-byte TAP header is rejected on 6.1")]
    public void Hdr_len_past_the_frame(int tapHeaderSize, int past, int major, int minor, int patch, string write)
    {
        var frame = UdpFrame(200, L4ChecksumMode.Complete);
        Write(new VirtioNetHeader { HdrLen = (ushort)(frame.Length + past) }, tapHeaderSize, frame, new(major, minor, patch))
            .Should().Be(write);
    }

    // 49d14b54a527 (6.12) added "skb_transport_offset(skb) < nh_min_len → EINVAL" after skb_partial_csum_set.
    [TestCase(6, 11, 0, Accepted, TestName = "NEEDS_CSUM at csum_start 14 is accepted on 6.11")]
    [TestCase(6, 1, 192, Accepted, TestName = "NEEDS_CSUM at csum_start 14 is accepted on 6.1")]
    [TestCase(6, 12, 0, Rejected, TestName = "NEEDS_CSUM at csum_start 14 is rejected on 6.12")]
    public void Csum_start_inside_the_network_header(int major, int minor, int patch, string write)
    {
        var header = new VirtioNetHeader { Flags = VirtioNetHeaderFlags.NeedsCsum, CsumStart = EthernetHeader.Size, CsumOffset = 6 };
        Write(header, 10, UdpFrame(200, L4ChecksumMode.Partial), new(major, minor, patch)).Should().Be(write);
    }

    // Where 6.11 takes a csum_start inside the Ethernet header, the far veth's skb_postpull_rcsum drops the partial state.
    [TestCase(6, 11, 0, "delivered: 1 frame, complete", TestName = "NEEDS_CSUM at csum_start 10 is delivered as written on 6.11")]
    [TestCase(6, 12, 0, Rejected, TestName = "NEEDS_CSUM at csum_start 10 is rejected on 6.12")]
    public void Csum_start_inside_the_ethernet_header(int major, int minor, int patch, string outcome)
    {
        var header = new VirtioNetHeader { Flags = VirtioNetHeaderFlags.NeedsCsum, CsumStart = 10, CsumOffset = 6 };
        CorpusModel.Predict(HostileFrames.Compose(header, 10, UdpFrame(200, L4ChecksumMode.Complete)), new CorpusLab(10, NicOffloads: true), new(major, minor, patch))
            .Outcome.Should().Be(outcome);
    }

    [TestCase(6, 11, 0, Accepted, TestName = "TCPV6 with csum_start 34 on an IPv4 frame is accepted on 6.11")]
    [TestCase(6, 12, 0, Rejected, TestName = "TCPV6 with csum_start 34 on an IPv4 frame is rejected on 6.12")]
    public void Tcpv6_with_csum_start_past_an_ipv4_header(int major, int minor, int patch, string write)
    {
        var header = new VirtioNetHeader
        {
            Flags = VirtioNetHeaderFlags.NeedsCsum, GsoType = VirtioGsoType.TcpV6, GsoSize = 1000, CsumStart = 34, CsumOffset = TcpHeader.ChecksumOffset,
        };
        Write(header, 10, UdpFrame(3000, L4ChecksumMode.Partial), new(major, minor, patch)).Should().Be(write);
    }

    // 89add40066f9 (6.11; 6.1.107 in its stable series) refuses TCP GSO whose csum_offset is not the TCP check field.
    [TestCase(6, 10, 0, Accepted, TestName = "TCPV4 on a UDP frame with csum_offset 6 is accepted on 6.10")]
    [TestCase(6, 11, 0, Rejected, TestName = "TCPV4 on a UDP frame with csum_offset 6 is rejected on 6.11")]
    [TestCase(6, 1, 106, Accepted, TestName = "TCPV4 on a UDP frame with csum_offset 6 is accepted on 6.1.106")]
    [TestCase(6, 1, 107, Rejected, TestName = "TCPV4 on a UDP frame with csum_offset 6 is rejected on 6.1.107")]
    public void Tcp_gso_with_the_udp_checksum_offset(int major, int minor, int patch, string write)
    {
        var header = new VirtioNetHeader
        {
            Flags = VirtioNetHeaderFlags.NeedsCsum, GsoType = VirtioGsoType.TcpV4, GsoSize = 1000, CsumStart = 34, CsumOffset = UdpHeader.ChecksumOffset,
        };
        Write(header, 10, UdpFrame(3000, L4ChecksumMode.Partial), new(major, minor, patch)).Should().Be(write);
    }

    // 860b7f27b8f7 (6.2) taught __virtio_net_hdr_to_skb VIRTIO_NET_HDR_GSO_UDP_L4; before, the switch's default refused it.
    [TestCase(6, 1, 192, Rejected, TestName = "A well-formed UDP_L4 write is rejected on 6.1")]
    [TestCase(6, 2, 0, Accepted, TestName = "A well-formed UDP_L4 write is accepted on 6.2")]
    public void Udp_l4(int major, int minor, int patch, string write)
    {
        var header = new VirtioNetHeader
        {
            Flags = VirtioNetHeaderFlags.NeedsCsum, GsoType = VirtioGsoType.UdpL4, GsoSize = 1000, CsumStart = 34, CsumOffset = UdpHeader.ChecksumOffset,
        };
        Write(header, 10, UdpFrame(3000, L4ChecksumMode.Partial), new(major, minor, patch)).Should().Be(write);
    }

    [TestCase(6, 1, 192, Rejected, TestName = "A UDP_L4 datagram within gso_size is rejected on 6.1")]
    [TestCase(6, 2, 0, Accepted, TestName = "A UDP_L4 datagram within gso_size is accepted on 6.2")]
    public void Udp_l4_within_gso_size(int major, int minor, int patch, string write)
    {
        var header = new VirtioNetHeader
        {
            Flags = VirtioNetHeaderFlags.NeedsCsum, GsoType = VirtioGsoType.UdpL4, GsoSize = 1400, CsumStart = 34, CsumOffset = UdpHeader.ChecksumOffset,
        };
        Write(header, 10, UdpFrame(200, L4ChecksumMode.Partial), new(major, minor, patch)).Should().Be(write);
    }
}
