namespace Vnetconf.Packets;

/// <summary>
/// Both ends of a TCP or UDP flow down to the ports: what every frame of the flow repeats. The addresses' family
/// chooses IPv4 or IPv6 in <see cref="FrameBuilder"/>.
/// </summary>
public readonly record struct FlowEndpoints(
    MacAddress SourceMac,
    MacAddress DestinationMac,
    IPAddressBytes SourceIP,
    IPAddressBytes DestinationIP,
    ushort SourcePort,
    ushort DestinationPort)
{
    /// <summary>True when both addresses are IPv6.</summary>
    public bool IsIPv6 => SourceIP.IsIPv6;

    /// <summary>The same flow seen from the other end: for replies such as a hand-made SYN-ACK.</summary>
    public FlowEndpoints Reversed() => new(DestinationMac, SourceMac, DestinationIP, SourceIP, DestinationPort, SourcePort);
}
