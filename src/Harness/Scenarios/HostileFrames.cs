using Vnetconf.Packets;

namespace Vnetconf.Scenarios;

/// <summary>
/// Builds the raw bytes of hostile writes: a virtio-net header of any size and content followed by a frame of
/// the lab's flow (guest → far stack), so a delivered one reaches the far UDP socket.
/// </summary>
internal sealed class HostileFrames(FlowEndpoints flow)
{
    public FlowEndpoints Flow { get; } = flow;

    /// <summary>A UDP frame of <paramref name="payload"/> bytes and its layout.</summary>
    public (byte[] Frame, BuiltFrame Layout) Udp(int payload, L4ChecksumMode checksum)
    {
        var buffer = new byte[FrameBuilder.UdpFrameLength(Flow, payload)];
        var layout = FrameBuilder.Udp(buffer, Flow, GuestTcp.Pattern[..payload], checksum);
        return (buffer, layout);
    }

    /// <summary>A TCP data segment of <paramref name="payload"/> bytes (no connection behind it) and its layout.</summary>
    public (byte[] Frame, BuiltFrame Layout) Tcp(int payload, L4ChecksumMode checksum)
    {
        var fields = new TcpSegmentFields(1, 1, TcpFlags.Ack | TcpFlags.Psh, ushort.MaxValue);
        var buffer = new byte[FrameBuilder.TcpFrameLength(Flow, fields, payload)];
        var layout = FrameBuilder.Tcp(buffer, Flow, fields, GuestTcp.Pattern[..payload], checksum);
        return (buffer, layout);
    }

    /// <summary><paramref name="header"/> in <paramref name="headerSize"/> bytes, then <paramref name="frame"/>.</summary>
    public static byte[] Compose(in VirtioNetHeader header, int headerSize, ReadOnlySpan<byte> frame)
    {
        var bytes = new byte[headerSize + frame.Length];
        header.Write(bytes, headerSize);
        frame.CopyTo(bytes.AsSpan(headerSize));
        return bytes;
    }
}
