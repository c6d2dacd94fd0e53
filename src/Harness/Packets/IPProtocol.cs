namespace Vnetconf.Packets;

/// <summary>IP protocol / IPv6 next-header numbers this suite builds or recognises (IANA; include/uapi/linux/in.h, in6.h).</summary>
public enum IPProtocol : byte
{
    /// <summary>IPv6 hop-by-hop options header.</summary>
    HopByHopOptions = 0,

    /// <summary>ICMP for IPv4.</summary>
    Icmp = 1,

    /// <summary>TCP.</summary>
    Tcp = 6,

    /// <summary>UDP.</summary>
    Udp = 17,

    /// <summary>IPv6 routing header.</summary>
    Routing = 43,

    /// <summary>IPv6 fragment header.</summary>
    Fragment = 44,

    /// <summary>ICMPv6 (also carries neighbour discovery).</summary>
    IcmpV6 = 58,

    /// <summary>IPv6 "no next header".</summary>
    NoNextHeader = 59,

    /// <summary>IPv6 destination options header.</summary>
    DestinationOptions = 60,
}
