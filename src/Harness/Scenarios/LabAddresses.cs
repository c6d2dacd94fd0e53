using System.Net;
using Vnetconf.Packets;

namespace Vnetconf.Scenarios;

/// <summary>
/// The lab's addressing plan, from the benchmarking ranges (RFC 2544 198.18.0.0/15, RFC 3849 2001:db8::/32),
/// used only inside the lab's namespaces. "Guest" is the endpoint behind the TAP that the harness plays by
/// reading and writing the TAP fd; "Stack" is the kernel endpoint on the other side (the TAP itself on the
/// read path, the far-end NIC on the write path).
/// </summary>
public static class LabAddresses
{
    public static readonly IPAddress GuestIPv4 = IPAddress.Parse("198.18.0.1");
    public static readonly IPAddress StackIPv4 = IPAddress.Parse("198.18.0.2");
    public const int IPv4PrefixLength = 24;

    public static readonly IPAddress GuestIPv6 = IPAddress.Parse("2001:db8::1");
    public static readonly IPAddress StackIPv6 = IPAddress.Parse("2001:db8::2");
    public const int IPv6PrefixLength = 64;

    /// <summary>Locally administered unicast MACs, so they can never collide with a real NIC's.</summary>
    public static readonly MacAddress GuestMac = MacAddress.Parse("02:76:6e:63:00:01");
    public static readonly MacAddress StackMac = MacAddress.Parse("02:76:6e:63:00:02");

    /// <summary>
    /// The inner side of the VXLAN the tunnel cells send through (<see cref="HostLab.AddVxlan"/>): another /24 and /64
    /// of the same ranges, the far VXLAN link's MAC as the inner frames' destination, and the tunnel's VNI.
    /// </summary>
    public static readonly IPAddress TunnelGuestIPv4 = IPAddress.Parse("198.19.0.1");
    public static readonly IPAddress TunnelStackIPv4 = IPAddress.Parse("198.19.0.2");
    public static readonly IPAddress TunnelGuestIPv6 = IPAddress.Parse("2001:db8:1::1");
    public static readonly IPAddress TunnelStackIPv6 = IPAddress.Parse("2001:db8:1::2");
    public static readonly MacAddress TunnelGuestMac = MacAddress.Parse("02:76:6e:63:01:01");
    public static readonly MacAddress TunnelStackMac = MacAddress.Parse("02:76:6e:63:01:02");
    public const uint TunnelVni = 42;

    /// <summary>The guest's port and the stack's port of every flow the lab drives.</summary>
    public const ushort GuestPort = 9000;
    public const ushort StackPort = 40000;

    /// <summary>
    /// The guest's source port of the marker datagram a probe writes after a cell's frames: a receiver tells it from the
    /// cell's datagrams by this alone, and once it has arrived whatever was written before it was delivered or lost.
    /// </summary>
    public const ushort MarkerPort = GuestPort + 1;

    /// <summary>
    /// The TCP MSS the guest side announces: the largest that fits the 1500-byte MTU, with no TCP options on data
    /// segments, so a TSO segment size is exactly this.
    /// </summary>
    public static ushort Mss(IpFamily family) => family == IpFamily.IPv4 ? (ushort)1460 : (ushort)1440;

    /// <summary>The guest's flow toward the stack (or toward <paramref name="destination"/>, in the stack's subnet).</summary>
    public static FlowEndpoints GuestToStack(IpFamily family, IPAddress? destination = null) =>
        new(GuestMac, StackMac, IPAddressBytes.From(Guest(family)), IPAddressBytes.From(destination ?? Stack(family)), GuestPort, StackPort);

    /// <summary>The guest's flow toward the stack inside the tunnel: what the far VXLAN link delivers to a socket of its namespace.</summary>
    public static FlowEndpoints GuestToStackInTunnel(IpFamily family) =>
        new(TunnelGuestMac, TunnelStackMac, IPAddressBytes.From(TunnelGuest(family)), IPAddressBytes.From(TunnelStack(family)), GuestPort, StackPort);

    public static IPAddress TunnelGuest(IpFamily family) => family == IpFamily.IPv4 ? TunnelGuestIPv4 : TunnelGuestIPv6;
    public static IPAddress TunnelStack(IpFamily family) => family == IpFamily.IPv4 ? TunnelStackIPv4 : TunnelStackIPv6;

    public static int PrefixLength(IpFamily family) => family == IpFamily.IPv4 ? IPv4PrefixLength : IPv6PrefixLength;

    public static IPAddress Guest(IpFamily family) => family == IpFamily.IPv4 ? GuestIPv4 : GuestIPv6;
    public static IPAddress Stack(IpFamily family) => family == IpFamily.IPv4 ? StackIPv4 : StackIPv6;
}

/// <summary>IP version of a scenario's traffic.</summary>
public enum IpFamily
{
    IPv4,
    IPv6,
}
