using System.Diagnostics;
using System.Net;
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

    /// <summary>Measures one trial: <paramref name="gso"/> sends TCPV4 GSO super-frames, otherwise MTU-sized segments.</summary>
    public static ThroughputSample Measure(HostLab lab, bool gso, TimeSpan duration)
    {
        var guest = new TapGuest(lab.Tap, LabAddresses.GuestMac);
        var (header, length) = Build(guest, gso);
        var far = lab.FarNetlink ?? throw new InvalidOperationException("throughput needs a write-path lab");
        var before = far.GetLink(HostLab.WireName).Stats;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
            for (var i = 0; i < 64; i++) guest.Send(header, length); // read the clock every 64 frames only
        var elapsed = clock.Elapsed;
        var after = far.GetLink(HostLab.WireName).Stats;
        return new ThroughputSample((long)(after.RxPackets - before.RxPackets), (long)(after.RxBytes - before.RxBytes), elapsed);
    }

    /// <summary>The exact bytes (virtio-net header, then frame) one injection writes, for a peer to write the same.</summary>
    public static byte[] WriteBytes(HostLab lab, bool gso)
    {
        var guest = new TapGuest(lab.Tap, LabAddresses.GuestMac);
        var (header, length) = Build(guest, gso);
        var bytes = new byte[guest.HeaderSize + length];
        if (guest.HeaderSize > 0) header.Write(bytes, guest.HeaderSize);
        guest.FrameSpace[..length].CopyTo(bytes.AsSpan(guest.HeaderSize));
        return bytes;
    }

    /// <summary>Builds the trial's frame in the guest's transmit space; returns its virtio-net header and length.</summary>
    private static (VirtioNetHeader Header, int Length) Build(TapGuest guest, bool gso)
    {
        var flow = LabAddresses.GuestToStack(IpFamily.IPv4, Unowned);
        var mss = LabAddresses.Mss(IpFamily.IPv4);
        var built = FrameBuilder.Tcp(guest.FrameSpace, flow, new TcpSegmentFields(1, 1, TcpFlags.Ack, ushort.MaxValue),
            GuestTcp.Pattern[..(gso ? SuperFramePayload : mss)], gso ? L4ChecksumMode.Partial : L4ChecksumMode.Complete);
        var header = gso
            ? new VirtioNetHeader
            {
                Flags = VirtioNetHeaderFlags.NeedsCsum, GsoType = VirtioGsoType.TcpV4, GsoSize = mss,
                HdrLen = (ushort)built.PayloadOffset, CsumStart = (ushort)built.L4Offset, CsumOffset = (ushort)built.ChecksumOffset,
            }
            : default;
        return (header, built.Length);
    }
}
