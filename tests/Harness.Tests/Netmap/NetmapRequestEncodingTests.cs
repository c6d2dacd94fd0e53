using System.Runtime.InteropServices;
using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Netmap;

namespace Vnetconf.Harness.Tests.Netmap;

/// <summary>
/// The bytes of REGISTER requests against an independent oracle: the expected bytes were printed by a C program
/// that built the same requests with netmap's own libnetmap (nmreq_header_init, nmreq_header_decode,
/// nmreq_register_decode; netmap commit 89607e14) and dumped the structs, with nr_body set to 0 because it is an address.
/// </summary>
public class NetmapRequestEncodingTests
{
    private const string Zeros8 = "00 00 00 00 00 00 00 00";

    [Test]
    public void Register_of_netmap_eth0_encodes_as_libnetmap_does()
    {
        var (header, body) = Encode("netmap:eth0");

        header.Should().Be("0e 00 01 00 00 00 00 00 65 74 68 30 00 00 00 00 " + Repeat(Zeros8, 9));
        body.Should().Be(Repeat(Zeros8, 4) + " 00 00 00 00 01 00 00 00 " + Repeat(Zeros8, 2));
    }

    [Test]
    public void Register_of_one_ring_with_flags_encodes_as_libnetmap_does()
    {
        var (header, body) = Encode("netmap:eth0-2/Rx");

        header.Should().Be("0e 00 01 00 00 00 00 00 65 74 68 30 00 00 00 00 " + Repeat(Zeros8, 9));
        body.Should().Be(Repeat(Zeros8, 4) + " 00 00 02 00 04 00 00 00 " + Zeros8 + " 00 28 00 00 00 00 00 00");
    }

    [Test]
    public void Register_of_a_vale_host_ring_in_a_memory_region_encodes_as_libnetmap_does()
    {
        var (header, body) = Encode("vale0:p1^1@3/T");

        header.Should().Be("0e 00 01 00 00 00 00 00 76 61 6c 65 30 3a 70 31 " + Repeat(Zeros8, 9));
        body.Should().Be(Repeat(Zeros8, 4) + " 03 00 01 00 08 00 00 00 " + Zeros8 + " 00 40 00 00 00 00 00 00");
    }

    [Test]
    public void Accepting_the_vnet_header_sets_bit_0x8000_of_nr_flags()
    {
        var body = NetmapRequests.Register(NetmapPortSpec.Parse("netmap:eth0").WithFlags(NetmapRegisterFlags.NR_ACCEPT_VNET_HDR));

        Hex(ref body)[(48 * 3)..].Should().Be("00 80 00 00 00 00 00 00");
    }

    [Test]
    public void Port_header_set_carries_the_length_in_its_first_four_bytes()
    {
        var header = NetmapRequests.Header(NetmapRequestType.NETMAP_REQ_PORT_HDR_SET, "vale0:p1");
        var body = NetmapRequests.PortHeader(12);

        Hex(ref header)[..(16 * 3 - 1)].Should().Be("0e 00 06 00 00 00 00 00 76 61 6c 65 30 3a 70 31");
        Hex(ref body).Should().Be("0c 00 00 00 00 00 00 00");
    }

    [Test]
    public void A_header_name_of_64_bytes_is_refused_because_nr_name_needs_its_NUL()
    {
        NetmapRequests.Header(NetmapRequestType.NETMAP_REQ_PORT_INFO_GET, new string('a', 63)).Should().NotBeNull();
        var act = () => NetmapRequests.Header(NetmapRequestType.NETMAP_REQ_PORT_INFO_GET, new string('a', 64));
        act.Should().Throw<ArgumentException>().WithMessage("*1 to 63 bytes*");
    }

    [Test]
    public void The_name_reads_back_from_the_header() =>
        NetmapRequests.Name(NetmapRequests.Header(NetmapRequestType.NETMAP_REQ_PORT_HDR_GET, "vale1:a")).Should().Be("vale1:a");

    private static (string Header, string Body) Encode(string portName)
    {
        var spec = NetmapPortSpec.Parse(portName);
        var header = NetmapRequests.Header(NetmapRequestType.NETMAP_REQ_REGISTER, spec.PortName);
        var body = NetmapRequests.Register(spec);
        return (Hex(ref header), Hex(ref body));
    }

    private static string Hex<T>(ref T value) where T : struct =>
        string.Join(' ', MemoryMarshal.AsBytes(MemoryMarshal.CreateSpan(ref value, 1)).ToArray().Select(b => b.ToString("x2")));

    private static string Repeat(string group, int count) => string.Join(' ', Enumerable.Repeat(group, count));
}
