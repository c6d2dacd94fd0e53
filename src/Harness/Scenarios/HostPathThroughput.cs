using System.Diagnostics;
using System.Net;
using Vnetconf.Links;
using Vnetconf.Packets;

namespace Vnetconf.Scenarios;

/// <summary>
/// Injects TCP frames into the TAP for a bounded time and counts the bytes that reach the far end (its NIC's
/// rx_bytes). The frames go to an address no one in the lab owns, so the far kernel drops them at IP input
/// after they have crossed the whole path, and answers nothing.
/// </summary>
public static class HostPathThroughput
{
    /// <summary>In the lab's subnet, owned by nobody.</summary>
    public static readonly IPAddress Unowned = IPAddress.Parse("198.18.0.200");

    /// <summary>44 × 1460: the largest whole number of MSS-sized segments under the 64 KiB IP limit.</summary>
    public const int SuperFramePayload = 44 * 1460;

    /// <summary>43 × 1472: MTU-sized UDP segments under the 64 KiB limit (and the kernel's 64-segment cap).</summary>
    public const int UdpSuperFramePayload = 43 * 1472;

    /// <summary>Whether the injection writes in io_uring batches: where this process may use io_uring; one write() a frame where not.</summary>
    public static bool Batched => TapWriteRing.Unavailable is null;

    /// <summary>How the injection writes, as <see cref="Batched"/> decides, in words for a report.</summary>
    public static string Method => Batched
        ? $"io_uring, {TapWriteRing.Batch} writes a submission"
        : $"one write() a frame ({TapWriteRing.Unavailable}: no io_uring batches)";

    /// <summary>Measures one trial of injecting <paramref name="frames"/> for <paramref name="duration"/>, written as <see cref="Method"/> says.</summary>
    public static ThroughputSample Measure(HostLab lab, InjectedFrames frames, TimeSpan duration)
    {
        // Every write is the same header and frame: built once, not serialized again per write.
        var bytes = WriteBytes(lab, frames);
        using var ring = Batched ? TapWriteRing.Open(lab.Tap, bytes) : null;
        var before = lab.WireStats();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration) // the clock is read once a batch
            if (ring is null) lab.Tap.WriteRepeatedly(bytes, TapWriteRing.Batch);
            else ring.WriteBatch();
        var elapsed = clock.Elapsed;
        return ThroughputSample.Between(before, lab.WireStats(), elapsed);
    }

    /// <summary>The exact bytes (virtio-net header, then frame) one injection writes, for a peer to write the same.</summary>
    public static byte[] WriteBytes(HostLab lab, InjectedFrames frames)
    {
        var guest = new TapGuest(lab.Tap, LabAddresses.GuestMac);
        var (header, length) = Build(guest, frames);
        var bytes = new byte[guest.HeaderSize + length];
        if (guest.HeaderSize > 0) header.Write(bytes, guest.HeaderSize);
        guest.FrameSpace[..length].CopyTo(bytes.AsSpan(guest.HeaderSize));
        return bytes;
    }

    /// <summary>Builds the trial's frame in the guest's transmit space; returns its virtio-net header and length.</summary>
    private static (VirtioNetHeader Header, int Length) Build(TapGuest guest, InjectedFrames frames)
    {
        var flow = LabAddresses.GuestToStack(IpFamily.IPv4, Unowned);
        var mss = LabAddresses.Mss(IpFamily.IPv4);
        var built = frames switch
        {
            InjectedFrames.MtuTcp => FrameBuilder.Tcp(guest.FrameSpace, flow, Segment, GuestTcp.Pattern[..mss], L4ChecksumMode.Complete),
            InjectedFrames.TcpGso => FrameBuilder.Tcp(guest.FrameSpace, flow, Segment, GuestTcp.Pattern[..SuperFramePayload], L4ChecksumMode.Partial),
            _ => FrameBuilder.Udp(guest.FrameSpace, flow, GuestTcp.Pattern[..UdpSuperFramePayload], L4ChecksumMode.Partial),
        };
        var header = frames switch
        {
            InjectedFrames.MtuTcp => default,
            InjectedFrames.TcpGso => built.OffloadHeader(VirtioGsoType.TcpV4, mss),
            _ => built.OffloadHeader(VirtioGsoType.UdpL4, 1472),
        };
        return (header, built.Length);
    }

    private static readonly TcpSegmentFields Segment = new(1, 1, TcpFlags.Ack, ushort.MaxValue);
}
