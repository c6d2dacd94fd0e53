using Vnetconf.Packets;
using Vnetconf.Scenarios;

namespace Vnetconf.Perf;

/// <summary>The bytes of one MTU-frame write as <see cref="HostPathThroughput"/> injects it, for a peer to write the same.</summary>
public static class InjectionFrame
{
    /// <summary>
    /// A zero virtio-net header of the TAP's size, then a TCP segment of one MSS with a complete checksum from
    /// the guest to <see cref="HostPathThroughput.Unowned"/>: the frame <see cref="HostPathThroughput.Measure"/>
    /// sends when it is not sending GSO super-frames.
    /// </summary>
    public static byte[] MtuWrite(HostLab lab)
    {
        var headerSize = lab.Tap.HasVnetHeader ? lab.Tap.VnetHeaderSize : 0;
        var buffer = new byte[headerSize + TapGuest.MaxFrame];
        var flow = new FlowEndpoints(LabAddresses.GuestMac, LabAddresses.StackMac,
            IPAddressBytes.From(LabAddresses.GuestIPv4), IPAddressBytes.From(HostPathThroughput.Unowned), LabAddresses.GuestPort, LabAddresses.StackPort);
        var built = FrameBuilder.Tcp(buffer.AsSpan(headerSize), flow, new TcpSegmentFields(1, 1, TcpFlags.Ack, ushort.MaxValue),
            GuestTcp.Pattern[..LabAddresses.Mss(IpFamily.IPv4)], L4ChecksumMode.Complete);
        return buffer[..(headerSize + built.Length)];
    }
}
