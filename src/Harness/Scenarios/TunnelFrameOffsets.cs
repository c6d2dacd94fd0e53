using Vnetconf.Packets;

namespace Vnetconf.Scenarios;

/// <summary>
/// Where the headers of the lab's VXLAN frames start, from the headers' sizes alone (outer and inner of one family, no IP
/// options or extension headers): what the catalogue expects in csum_start and the tunnel offsets, stated independently of
/// the builder that writes the frames.
/// </summary>
internal static class TunnelFrameOffsets
{
    /// <summary>The outer UDP header: <c>outer_th_offset</c>.</summary>
    public static int OuterL4(IpFamily family) => EthernetHeader.Size + IpSize(family);

    /// <summary>The inner IP header: <c>inner_nh_offset</c>.</summary>
    public static int InnerNetwork(IpFamily family) => OuterL4(family) + UdpHeader.Size + VxlanHeader.Size + EthernetHeader.Size;

    /// <summary>The inner UDP header: <c>csum_start</c>.</summary>
    public static int InnerL4(IpFamily family) => InnerNetwork(family) + IpSize(family);

    private static int IpSize(IpFamily family) => family == IpFamily.IPv4 ? IPv4Header.Size : IPv6Header.Size;
}
