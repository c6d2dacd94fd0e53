namespace Vnetconf.Harness.Tests.Packets;

/// <summary>
/// Frames captured from Linux 6.18 (x86-64): two throwaway namespaces joined by a veth pair
/// (vA 02:00:00:00:00:0a, 198.18.0.1, 2001:db8::1 — vB 02:00:00:00:00:0b, 198.18.0.2, 2001:db8::2),
/// Python sockets in A sending a UDP datagram over each family and opening a TCP connection, tcpdump on vB
/// writing the pcap. The namespaces were deleted afterwards.
/// <para>
/// With tx checksumming on at vA (the veth default) the kernel hands the frames over <c>CHECKSUM_PARTIAL</c>, so
/// the capture shows the pseudo-header sum in the check field ("partial" frames). With <c>ethtool -K vA tx off</c>
/// the stack completes them in software first ("complete" frames). tcpdump's own verdict is quoted beside each.
/// </para>
/// </summary>
internal static class KernelFrames
{
    /// <summary>UDP 198.18.0.1:40000 → 198.18.0.2:5000, 25 bytes, check 0x8c5a; tcpdump: "bad udp cksum 0x8c5a -> 0xa33a".</summary>
    public static byte[] PartialUdp4 => Convert.FromHexString(
        "02000000000b02000000000a08004500003544e14000401169afc6120001c61200029c40138800218c5a766e6574636f6e66206b65726e656c20756470206672616d65");

    /// <summary>The same datagram completed in software (IP id differs): "udp sum ok", check 0xa33a.</summary>
    public static byte[] CompleteUdp4 => Convert.FromHexString(
        "02000000000b02000000000a08004500003545fc400040116894c6120001c61200029c4013880021a33a766e6574636f6e66206b65726e656c20756470206672616d65");

    /// <summary>UDP [2001:db8::1]:40000 → [2001:db8::2]:5000, 27 bytes, check 0x5ba9; tcpdump: "bad udp cksum 0x5ba9 -> 0xdf86".</summary>
    public static byte[] PartialUdp6 => Convert.FromHexString(
        "02000000000b02000000000a86dd600e03150023114020010db800000000000000000000000120010db80000000000000000000000029c40138800235ba9766e6574636f6e66206b65726e656c2075647036206672616d6521");

    /// <summary>The same datagram completed in software, identical but for the check field: "udp sum ok", 0xdf86.</summary>
    public static byte[] CompleteUdp6 => Convert.FromHexString(
        "02000000000b02000000000a86dd600e03150023114020010db800000000000000000000000120010db80000000000000000000000029c4013880023df86766e6574636f6e66206b65726e656c2075647036206672616d6521");

    /// <summary>
    /// TCP SYN 198.18.0.1:40001 → 198.18.0.2:5001, seq 988233505, win 64240, options mss 1460, sackOK, TS, nop,
    /// wscale 10; tcpdump: "cksum 0x8c56 (incorrect -> 0xcb9d)".
    /// </summary>
    public static byte[] PartialTcpSyn => Convert.FromHexString(
        "02000000000b02000000000a08004500003c1070400040069e24c6120001c61200029c4113893ae73f2100000000a002faf08c560000020405b40402080ac52b0648000000000103030a");

    /// <summary>A SYN of a later connection completed in software: "cksum 0x80a0 (correct)".</summary>
    public static byte[] CompleteTcpSyn => Convert.FromHexString(
        "02000000000b02000000000a08004500003ccfc940004006decac6120001c61200029c4113893eb8764b00000000a002faf080a00000020405b40402080ac52b164a000000000103030a");

    /// <summary>TCP PSH|ACK with 24 data bytes and timestamps, completed in software: "correct".</summary>
    public static byte[] CompleteTcpData => Convert.FromHexString(
        "02000000000b02000000000a08004500004ccfcb40004006deb8c6120001c61200029c4113893eb8764ce69020f98018003f380100000101080ac52b164a21627da1766e6574636f6e66206b65726e656c207463702064617461");

    /// <summary>ARP request "who-has 198.18.0.2 tell 198.18.0.1".</summary>
    public static byte[] ArpRequest => Convert.FromHexString(
        "ffffffffffff02000000000a0806000108000604000102000000000ac6120001000000000000c6120002");

    /// <summary>ICMPv6 MLDv2 report behind a hop-by-hop options header (router alert), fe80::ff:fe00:a → ff02::16.</summary>
    public static byte[] MldReportWithHopByHop => Convert.FromHexString(
        "33330000001602000000000a86dd6000000000380001fe80000000000000000000fffe00000aff0200000000000000000000000000163a000502000001008f006fda0000000204000000ff0200000000000000000001ff00000a04000000ff0200000000000000000001ff000001");

    /// <summary>ICMPv6 neighbour solicitation for 2001:db8::2.</summary>
    public static byte[] NeighbourSolicitation => Convert.FromHexString(
        "3333ff00000202000000000a86dd6000000000203aff20010db8000000000000000000000001ff0200000000000000000001ff00000287001c1e0000000020010db8000000000000000000000002010102000000000a");

    /// <summary>ICMP port unreachable from 198.18.0.2, quoting the partial UDP datagram above (a UDP header inside ICMP).</summary>
    public static byte[] IcmpPortUnreachable => Convert.FromHexString(
        "02000000000a02000000000b080045c00051c16c000040012c58c6120002c61200010303a037000000004500003544e14000401169afc6120001c61200029c40138800218c5a766e6574636f6e66206b65726e656c20756470206672616d65");
}
