using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Guest;
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
        NetmapAspects.FrameAsSeen(Frame[2..], Frame).Should().Be("first 2 bytes missing");
        NetmapAspects.FrameAsSeen(Frame[..50], Frame).Should().Be("differs: 50 B seen, 60 B sent");
    }

    [TestCase(false, null, 12, 12)]
    [TestCase(false, false, 12, 10)]
    [TestCase(true, null, 12, 12)]
    [TestCase(true, false, 10, 10)]
    public void Device_and_native_adapter_header_sizes_follow_QEMU_and_virtio_netmap(bool legacy, bool? mrgRxbuf, int device, int adapter)
    {
        var options = new VirtioNetDeviceOptions { Legacy = legacy, MrgRxbuf = mrgRxbuf };

        NetmapGuestExpectations.DeviceHeaderSize(options).Should().Be(device);
        NetmapGuestExpectations.NativeAdapterHeaderSize(options).Should().Be(adapter);
    }
}
