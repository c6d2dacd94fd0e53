using Vnetconf.Packets;

namespace Vnetconf.Harness.Tests.Packets;

/// <summary>Flows in the suite's test ranges (198.18.0.0/15, 2001:db8::/32), and deterministic payloads.</summary>
internal static class TestFlows
{
    public static readonly FlowEndpoints IPv4 = new(
        MacAddress.LocallyAdministered(1), MacAddress.LocallyAdministered(2),
        IPAddressBytes.Parse("198.18.0.1"), IPAddressBytes.Parse("198.18.0.2"), 40000, 5000);

    public static readonly FlowEndpoints IPv6 = new(
        MacAddress.LocallyAdministered(1), MacAddress.LocallyAdministered(2),
        IPAddressBytes.Parse("2001:db8::1"), IPAddressBytes.Parse("2001:db8::2"), 40000, 5000);

    public static FlowEndpoints ForFamily(bool ipv6) => ipv6 ? IPv6 : IPv4;

    /// <summary>Handshake-like fields with both options, so every option path is exercised.</summary>
    public static readonly TcpSegmentFields SynWithOptions =
        new(Sequence: 0x3AE73F21, Acknowledgment: 0, Flags: TcpFlags.Syn, Window: 64240, MaximumSegmentSize: 1460, WindowScale: 10);

    public static readonly TcpSegmentFields DataSegment =
        new(Sequence: 0x01020304, Acknowledgment: 0xA0B0C0D0, Flags: TcpFlags.Ack | TcpFlags.Psh, Window: 501);

    public static byte[] Payload(int length, int seed = 7)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
