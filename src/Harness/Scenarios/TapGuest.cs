using Vnetconf.Links;
using Vnetconf.Model;
using Vnetconf.Packets;

namespace Vnetconf.Scenarios;

/// <summary>
/// The harness playing the guest behind a TAP, as QEMU's virtio-net backend does: every write is one frame
/// (after a virtio-net header when the TAP has IFF_VNET_HDR), every read one frame the host stack sent.
/// Frames are built in place after the header's room, so a send is one write() with no copy.
/// </summary>
internal sealed class TapGuest : IFrameSource
{
    /// <summary>Room for the largest GSO frame the kernel hands a TAP (64 KiB plus headers).</summary>
    public const int MaxFrame = 65536 + 256;

    private readonly byte[] receive = new byte[MaxFrame + VirtioNetHeader.TunnelSize];
    private readonly byte[] transmit = new byte[MaxFrame + VirtioNetHeader.TunnelSize];

    /// <param name="tap">the TAP; its virtio-net header size is read once, here</param>
    /// <param name="guestMac">the guest's MAC: the destination of every frame the stack sends to it</param>
    public TapGuest(TapDevice tap, MacAddress guestMac)
    {
        Tap = tap;
        GuestMac = guestMac;
        HeaderSize = tap.HasVnetHeader ? tap.VnetHeaderSize : 0;
    }

    public TapDevice Tap { get; }
    public MacAddress GuestMac { get; }

    /// <summary>Bytes of virtio-net header on each read and write (0 without IFF_VNET_HDR).</summary>
    public int HeaderSize { get; }

    /// <summary>Where the next frame is built: the transmit buffer after the header's room.</summary>
    public Span<byte> FrameSpace => transmit.AsSpan(HeaderSize, MaxFrame);

    /// <summary>Writes the frame built in <see cref="FrameSpace"/> with <paramref name="header"/> in front of it.</summary>
    public int Send(in VirtioNetHeader header, int frameLength)
    {
        if (HeaderSize > 0) header.Write(transmit.AsSpan(0, HeaderSize), HeaderSize);
        else if (!header.IsZero) throw new InvalidOperationException($"{Tap}: a virtio-net header ({header}) cannot be sent without IFF_VNET_HDR");
        return Tap.Write(transmit.AsSpan(0, HeaderSize + frameLength));
    }

    /// <summary>
    /// Reads the next frame within <paramref name="timeout"/>. Where the frame starts is observed, not assumed:
    /// it is the offset (0, 10 or 12) at which the destination MAC is the guest's, so a header that is present
    /// or absent against expectation shows up as such.
    /// </summary>
    public CapturedFrame? Receive(TimeSpan timeout)
    {
        var length = Tap.Read(receive, timeout);
        if (length < 0) return null;
        var data = receive.AsSpan(0, length);
        var start = LocateFrame(data);
        VirtioNetHeader? header = start >= VirtioNetHeader.LegacySize ? VirtioNetHeader.Read(data, start) : null;
        return new CapturedFrame(data[start..].ToArray(), start, header);
    }

    public override string ToString() => Tap.ToString();

    private int LocateFrame(ReadOnlySpan<byte> data)
    {
        foreach (var offset in (ReadOnlySpan<int>)[HeaderSize, 0, VirtioNetHeader.LegacySize, VirtioNetHeader.MergeableSize])
            if (data.Length >= offset + EthernetHeader.Size && MacAddress.Read(data[offset..]) == GuestMac)
                return offset;
        return HeaderSize; // not addressed to the guest (multicast, noise): trust the configuration
    }
}
