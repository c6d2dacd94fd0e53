using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Guest;
using Vnetconf.Model;
using Vnetconf.Netmap;
using Vnetconf.Packets;
using Vnetconf.Scenarios;

namespace Vnetconf.Harness.Tests.Scenarios;

public sealed class NetmapAspectsTests
{
    private static readonly byte[] Frame = Enumerable.Range(0, 60).Select(i => (byte)(i + 1)).ToArray();

    [TestCase(0, "Ethernet header")]
    [TestCase(2, "2 bytes, then Ethernet")]
    [TestCase(10, "virtio-net header (10 bytes), then Ethernet")]
    [TestCase(12, "virtio-net header (12 bytes), then Ethernet")]
    public void A_buffer_is_described_by_what_precedes_the_injected_frame(int before, string words)
    {
        var buffer = new byte[before].Concat(Frame).ToArray();

        NetmapAspects.BufferStartOf(buffer, Frame).Should().Be(words);
    }

    [Test]
    public void A_buffer_without_the_frame_near_its_start_is_shown_by_its_first_bytes()
    {
        NetmapAspects.BufferStartOf(new byte[80], Frame).Should().StartWith("unrecognised: 0000");
    }

    [Test]
    public void A_frame_that_lost_its_first_bytes_is_told_apart_from_one_that_differs()
    {
        NetmapAspects.FrameAsSeen(Frame, Frame).Should().Be("as sent");
        NetmapAspects.FrameAsSeen(Frame.AsSpan(2), Frame).Should().Be("first 2 bytes missing");
        NetmapAspects.FrameAsSeen(Frame.AsSpan(..50), Frame).Should().Be("differs: 50 B seen, 60 B sent");
    }

    [TestCase(false, null, 12, 12)]
    [TestCase(false, false, 12, 10)]
    [TestCase(true, null, 12, 12)]
    [TestCase(true, false, 10, 10)]
    public void Device_and_native_adapter_header_sizes_follow_QEMU_and_virtio_netmap(bool legacy, bool? mrgRxbuf, int device, int adapter)
    {
        var options = new VirtioNetDeviceOptions { Legacy = legacy, MrgRxbuf = mrgRxbuf };

        NetmapGuestCatalogue.DeviceHeaderSize(options).Should().Be(device);
        NetmapGuestCatalogue.NativeAdapterHeaderSize(options).Should().Be(adapter);
    }

    [TestCase(new byte[] { 0xA5, 0x5A }, "what the buffer held before the frame")]
    [TestCase(new byte[] { 0x01, 0x00 }, "written by the device: 0100")]
    public void Bytes_before_the_frame_read_as_the_fill_left_in_the_buffer_or_as_written(byte[] before, string words)
    {
        var buffer = before.Concat(Frame).ToArray();
        var observed = new Observation();

        NetmapAspects.AddReceived(observed, new NetmapReceivedFrame(0, 0, buffer.Length, 0, buffer), Frame);

        observed.Aspects.Should().Contain(NetmapAspects.BeforeFrame, words);
    }

    [Test]
    public void A_buffer_that_starts_with_the_frame_has_no_bytes_before_it()
    {
        var observed = new Observation();

        NetmapAspects.AddReceived(observed, new NetmapReceivedFrame(0, 0, Frame.Length, 0, Frame), Frame);

        observed.Aspects.Should().NotContainKey(NetmapAspects.BeforeFrame);
    }

    [TestCase(60)]
    [TestCase(2036)]
    public void A_marked_frame_of_a_given_length_is_that_long_carries_its_marker_and_a_valid_UDP_checksum(int length)
    {
        var flow = LabAddresses.GuestToStack(IpFamily.IPv4);

        var frame = NetmapAspects.MarkedUdpFrame(flow, "vnetconf0123456789", L4ChecksumMode.Complete, out _, length);

        frame.Should().HaveCount(length);
        NetmapAspects.Carries(frame, "vnetconf0123456789").Should().BeTrue();
        var udp = PacketDotNet.Packet.ParsePacket(PacketDotNet.LinkLayers.Ethernet, frame).Extract<PacketDotNet.UdpPacket>();
        udp.ValidChecksum.Should().BeTrue("PacketDotNet recomputes the UDP checksum over the padded payload");
    }

    [Test]
    public void A_frame_too_short_for_its_marker_is_refused()
    {
        var act = () => NetmapAspects.MarkedUdpFrame(LabAddresses.GuestToStack(IpFamily.IPv4), "vnetconf0123456789x", L4ChecksumMode.Complete, out _, 60);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }
}
