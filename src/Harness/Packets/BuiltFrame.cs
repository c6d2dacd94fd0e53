namespace Vnetconf.Packets;

/// <summary>
/// Where things landed in a frame <see cref="FrameBuilder"/> wrote: enough to fill a virtio-net header
/// (<c>csum_start</c> = <see cref="L4Offset"/>, <c>csum_offset</c> = <see cref="ChecksumOffset"/>,
/// <c>hdr_len</c> = <see cref="PayloadOffset"/>).
/// </summary>
/// <param name="Length">Bytes written, from the Ethernet header to the end of the payload.</param>
/// <param name="L4Offset">Offset of the TCP/UDP header from the frame start.</param>
/// <param name="ChecksumFieldOffset">Offset of the TCP/UDP check field from the frame start.</param>
/// <param name="PayloadOffset">Offset of the first payload byte: the length of all headers.</param>
public readonly record struct BuiltFrame(int Length, int L4Offset, int ChecksumFieldOffset, int PayloadOffset)
{
    /// <summary>Offset of the check field within the TCP/UDP header: 6 for UDP, 16 for TCP.</summary>
    public int ChecksumOffset => ChecksumFieldOffset - L4Offset;

    /// <summary>Bytes of payload after the headers.</summary>
    public int PayloadLength => Length - PayloadOffset;

    /// <summary>
    /// The virtio-net header a guest with offloads sends with this frame: NEEDS_CSUM at its own L4 checksum field,
    /// and for a GSO frame (<paramref name="gsoType"/> not None) the type, the segment size and hdr_len.
    /// </summary>
    public VirtioNetHeader OffloadHeader(VirtioGsoType gsoType = VirtioGsoType.None, ushort gsoSize = 0) => new()
    {
        Flags = VirtioNetHeaderFlags.NeedsCsum,
        CsumStart = (ushort)L4Offset,
        CsumOffset = (ushort)ChecksumOffset,
        GsoType = gsoType,
        GsoSize = gsoSize,
        HdrLen = gsoType == VirtioGsoType.None ? (ushort)0 : (ushort)PayloadOffset,
    };
}
