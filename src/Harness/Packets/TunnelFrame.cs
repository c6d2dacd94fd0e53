namespace Vnetconf.Packets;

/// <summary>
/// Where things landed in a tunnelled frame <see cref="FrameBuilder.VxlanUdp"/> wrote, every offset counted from the
/// outer Ethernet header: enough to fill the 24-byte UDP-tunnel virtio-net header.
/// </summary>
/// <param name="Inner">the inner frame's L4 header, check field and payload (and the whole frame's length)</param>
/// <param name="OuterL4Offset">the outer UDP header: <c>outer_th_offset</c></param>
/// <param name="InnerNetworkOffset">the inner IP header: <c>inner_nh_offset</c></param>
/// <param name="OuterIPv6">the outer header's family, which picks the gso_type's tunnel bit</param>
public readonly record struct TunnelFrame(BuiltFrame Inner, int OuterL4Offset, int InnerNetworkOffset, bool OuterIPv6)
{
    /// <summary>Bytes written, from the outer Ethernet header to the end of the inner payload.</summary>
    public int Length => Inner.Length;

    /// <summary>
    /// The header of a guest that segments the inner packet by UDP-tunnel GSO: NEEDS_CSUM at the inner L4 check field,
    /// the inner <paramref name="gsoType"/> with the outer family's tunnel bit, the segment size and both tunnel offsets.
    /// </summary>
    public VirtioNetHeader OffloadHeader(VirtioGsoType gsoType, ushort gsoSize) =>
        Inner.OffloadHeader((VirtioGsoType)((byte)gsoType | (OuterIPv6 ? VirtioNetHeader.GsoUdpTunnelIPv6Bit : VirtioNetHeader.GsoUdpTunnelIPv4Bit)), gsoSize) with
        {
            OuterThOffset = (ushort)OuterL4Offset,
            InnerNhOffset = (ushort)InnerNetworkOffset,
        };
}
