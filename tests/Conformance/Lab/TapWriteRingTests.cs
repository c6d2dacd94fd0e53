using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Interop;
using Vnetconf.Links;
using Vnetconf.Model;
using Vnetconf.Scenarios;
using Vnetconf.TestSupport;

namespace Vnetconf.Conformance.Lab;

/// <summary>
/// The harness's injection writes its frame through io_uring in batches, where the process may use io_uring, and with
/// one write() a frame where not. Either way the far end must see exactly the frames written, byte for byte, and a
/// frame the kernel refuses must fail with the errno write() gives for the same bytes (the oracle: the same TAP's write()).
/// </summary>
[Category("Host")]
public sealed class TapWriteRingTests
{
    private static readonly TimeSpan Arrival = TimeSpan.FromSeconds(5);

    [Test]
    public void A_batch_through_the_ring_reaches_the_far_end_as_that_many_frames_byte_for_byte() =>
        EveryFrameArrives(RingOrIgnore, (lab, bytes) =>
        {
            using var ring = TapWriteRing.Open(lab.Tap, bytes);
            ring.WriteBatch();
        });

    [Test]
    public void A_batch_of_write_calls_reaches_the_far_end_as_that_many_frames_byte_for_byte() =>
        EveryFrameArrives(() => { }, (lab, bytes) => lab.Tap.WriteRepeatedly(bytes, TapWriteRing.Batch));

    /// <summary>The probe against what the kernel says of itself: a probe that failed where nothing refuses io_uring would quietly leave every measurement on the write() loop.</summary>
    [Test]
    public void Where_the_kernel_has_io_uring_writes_and_nothing_refuses_them_the_ring_is_available()
    {
        if (KernelVersion.Running < new KernelVersion(5, 6, 0)) Assert.Ignore($"kernel {KernelVersion.RunningRelease}: io_uring has no write before 5.6");
        // Since 6.6: 2 refuses everyone, 1 all but root and the io_uring_group (the Host tests run as root).
        const string disabled = "/proc/sys/kernel/io_uring_disabled";
        if (File.Exists(disabled) && File.ReadAllText(disabled).Trim() == "2") Assert.Ignore($"{disabled} is 2");
        var seccomp = File.ReadLines("/proc/self/status").Single(line => line.StartsWith("Seccomp:", StringComparison.Ordinal));
        if (seccomp.Split(':')[1].Trim() != "0") Assert.Ignore($"this process runs under a seccomp filter ({seccomp}), which may refuse io_uring");
        // With no filter, ENOSYS from the setup is the kernel's own answer: built without io_uring.
        if (TapWriteRing.Unavailable == "io_uring_setup: ENOSYS") Assert.Ignore($"kernel {KernelVersion.RunningRelease} is built without io_uring");

        TapWriteRing.Unavailable.Should().BeNull();
    }

    [Test]
    public void A_frame_the_kernel_refuses_fails_the_batch_with_the_errno_of_write()
    {
        RingOrIgnore();
        Skip.Unless(HostCapabilities.HostLab);
        using var lab = HostLab.ForWritePath(new TapOptions(VnetHeader: true), new NicOptions());
        byte[] shorterThanItsHeader = [0, 0, 0, 0];

        var write = () => lab.Tap.Write(shorterThanItsHeader);
        var errno = write.Should().Throw<SyscallException>().Which.Errno;
        using var ring = TapWriteRing.Open(lab.Tap, shorterThanItsHeader);

        ring.Invoking(r => r.WriteBatch()).Should().Throw<SyscallException>().Which.Errno.Should().Be(errno, Errno.Name(errno));
        ring.Invoking(r => r.WriteBatch()).Should().Throw<SyscallException>("the failed batch's completions were all collected, so the next batch runs")
            .Which.Errno.Should().Be(errno, Errno.Name(errno));
    }

    /// <summary>The ring's entries name the TAP by fd number: were the fd closed under them, the number could name another file.</summary>
    [Test]
    public void A_TAP_disposed_before_its_ring_stays_open_until_the_ring_is_disposed_and_the_ring_disposes_once()
    {
        RingOrIgnore();
        Skip.Unless(HostCapabilities.HostLab);
        using var lab = HostLab.ForWritePath(new TapOptions(VnetHeader: true), new NicOptions());
        var bytes = HostPathThroughput.WriteBytes(lab, InjectedFrames.MtuTcp);
        var ring = TapWriteRing.Open(lab.Tap, bytes);
        var before = lab.WireStats();

        lab.Tap.Dispose();
        ring.WriteBatch();
        ring.Dispose();
        ring.Dispose();

        (lab.WireStats().RxPackets - before.RxPackets).Should().BeGreaterThanOrEqualTo(TapWriteRing.Batch, "the far end's rx_packets counts the batch written after the TAP's own disposal");
    }

    private static void RingOrIgnore()
    {
        if (TapWriteRing.Unavailable is { } gap) Assert.Ignore($"{gap}: this process may not use io_uring. Fix: run outside a seccomp filter that refuses it, with sysctl kernel.io_uring_disabled=0");
    }

    /// <summary>
    /// Writes one batch of the injection's MTU frame, then a marker (the frame with its last byte changed, by write()),
    /// and counts the frames equal to the batch's that a capture at the far end receives before the marker.
    /// </summary>
    private static void EveryFrameArrives(Action prerequisite, Action<HostLab, byte[]> writeBatch)
    {
        prerequisite();
        Skip.Unless(HostCapabilities.HostLab);
        using var lab = HostLab.ForWritePath(new TapOptions(VnetHeader: true), new NicOptions());
        var bytes = HostPathThroughput.WriteBytes(lab, InjectedFrames.MtuTcp);
        var marker = bytes.ToArray();
        marker[^1] ^= 0xff;
        using var far = PacketCapture.Open(lab.FarOrThrow, HostLab.WireName);

        writeBatch(lab, bytes);
        lab.Tap.Write(marker);

        var frame = bytes[lab.TapOptions.HeaderSize..];
        var markerFrame = marker[lab.TapOptions.HeaderSize..];
        var equal = far.ReceiveUntilMarker(f => f.Bytes.AsSpan().SequenceEqual(frame), f => f.Bytes.AsSpan().SequenceEqual(markerFrame), Arrival);
        equal.Should().HaveCount(TapWriteRing.Batch, "each write of the batch is one frame at the far end, as written, and all of them come before the marker");
        far.Socket.TakeDrops().Should().Be(0, "the packet socket's drop counter (PACKET_STATISTICS) says no frame was lost in the capture itself");
    }
}
