using System.Net.NetworkInformation;
using FluentAssertions;
using NUnit.Framework;
using PacketDotNet;
using PacketDotNet.Tcp;
using PacketDotNet.Utils;
using Vnetconf.Packets;

namespace Vnetconf.Harness.Tests.Packets;

/// <summary>PacketDotNet, an independent implementation, as the oracle for what the builders write and the parser reads.</summary>
public sealed class PacketDotNetOracleTests
{
    private static readonly int[] PayloadLengths = [0, 1, 333, 1472, 60_000];

    [Test]
    public void Udp_frames_built_here_read_the_same_in_PacketDotNet_with_valid_checksums(
        [Values] bool ipv6, [ValueSource(nameof(PayloadLengths))] int payloadLength)
    {
        var flow = TestFlows.ForFamily(ipv6);
        byte[] payload = TestFlows.Payload(payloadLength);
        byte[] frame = Build(payload, (buffer, p) => FrameBuilder.Udp(buffer, flow, p, L4ChecksumMode.Complete));

        var ethernet = (EthernetPacket)Packet.ParsePacket(LinkLayers.Ethernet, frame);
        ExpectEthernetAndIP(ethernet, flow, ProtocolType.Udp, UdpHeader.Size + payloadLength);
        var udp = ethernet.Extract<UdpPacket>();

        udp.SourcePort.Should().Be(flow.SourcePort);
        udp.DestinationPort.Should().Be(flow.DestinationPort);
        ((ushort)udp.Length).Should().Be((ushort)(UdpHeader.Size + payloadLength), "PacketDotNet 1.4.8 reads the length as a signed 16-bit number");
        udp.PayloadData.Should().Equal(payload);
        udp.ValidUdpChecksum.Should().BeTrue();
    }

    [Test]
    public void Tcp_frames_built_here_read_the_same_in_PacketDotNet_with_valid_checksums(
        [Values] bool ipv6, [Values] bool withOptions, [ValueSource(nameof(PayloadLengths))] int payloadLength)
    {
        var flow = TestFlows.ForFamily(ipv6);
        var fields = withOptions ? TestFlows.SynWithOptions : TestFlows.DataSegment;
        byte[] payload = TestFlows.Payload(payloadLength);
        byte[] frame = Build(payload, (buffer, p) => FrameBuilder.Tcp(buffer, flow, fields, p, L4ChecksumMode.Complete));

        var ethernet = (EthernetPacket)Packet.ParsePacket(LinkLayers.Ethernet, frame);
        ExpectEthernetAndIP(ethernet, flow, ProtocolType.Tcp, TcpHeader.SizeFor(fields) + payloadLength);
        var tcp = ethernet.Extract<TcpPacket>();

        tcp.SourcePort.Should().Be(flow.SourcePort);
        tcp.DestinationPort.Should().Be(flow.DestinationPort);
        tcp.SequenceNumber.Should().Be(fields.Sequence);
        tcp.AcknowledgmentNumber.Should().Be(fields.Acknowledgment);
        ((TcpFlags)tcp.Flags).Should().Be(fields.Flags);
        tcp.WindowSize.Should().Be(fields.Window);
        tcp.DataOffset.Should().Be(TcpHeader.SizeFor(fields) / 4);
        tcp.PayloadData.Should().Equal(payload);
        tcp.ValidTcpChecksum.Should().BeTrue();
        if (withOptions)
        {
            tcp.OptionsCollection.OfType<MaximumSegmentSizeOption>().Single().Value.Should().Be(fields.MaximumSegmentSize);
            tcp.OptionsCollection.OfType<WindowScaleFactorOption>().Single().ScaleFactor.Should().Be(fields.WindowScale);
        }
    }

    [Test]
    public void Partial_frames_are_invalid_to_PacketDotNet_until_finished([Values] bool ipv6, [Values] bool tcp)
    {
        var flow = TestFlows.ForFamily(ipv6);
        byte[] payload = TestFlows.Payload(500);
        BuiltFrame built = default;
        byte[] frame = Build(payload, (buffer, p) => built = tcp
            ? FrameBuilder.Tcp(buffer, flow, TestFlows.DataSegment, p, L4ChecksumMode.Partial)
            : FrameBuilder.Udp(buffer, flow, p, L4ChecksumMode.Partial));

        PacketDotNetSaysChecksumValid(frame, tcp).Should().BeFalse();
        L4Checksum.Finish(frame, built.L4Offset, built.ChecksumOffset);
        PacketDotNetSaysChecksumValid(frame, tcp).Should().BeTrue();
    }

    [Test]
    public void Udp_frames_built_by_PacketDotNet_parse_here_and_classify_complete(
        [Values] bool ipv6, [ValueSource(nameof(PayloadLengths))] int payloadLength)
    {
        var flow = TestFlows.ForFamily(ipv6);
        byte[] payload = TestFlows.Payload(payloadLength);
        var udp = new UdpPacket(flow.SourcePort, flow.DestinationPort) { PayloadData = payload };
        var (ethernet, ip) = WrapInPacketDotNet(flow, udp);
        udp.UpdateUdpChecksum();
        byte[] frame = ethernet.Bytes;

        ParsedFrame.TryParse(frame, out var parsed).Should().BeTrue();

        ExpectSameIP(parsed, ip);
        parsed.IsUdp.Should().BeTrue();
        parsed.SourcePort.Should().Be(udp.SourcePort);
        parsed.DestinationPort.Should().Be(udp.DestinationPort);
        parsed.UdpLength.Should().Be((ushort)udp.Length);
        parsed.TransportChecksum.Should().Be(udp.Checksum);
        frame.AsSpan(parsed.PayloadOffset, parsed.PayloadLength).ToArray().Should().Equal(payload);
        L4Checksum.Classify(frame, parsed).Should().Be(ChecksumState.CompleteValid);
    }

    [Test]
    public void Tcp_frames_built_by_PacketDotNet_with_options_parse_here_and_classify_complete(
        [Values] bool ipv6, [ValueSource(nameof(PayloadLengths))] int payloadLength)
    {
        var flow = TestFlows.ForFamily(ipv6);
        byte[] payload = TestFlows.Payload(payloadLength);
        // PacketDotNet grows a header for options only when it is built from bytes with the data offset already set.
        var header = new byte[28];
        header[12] = 7 << 4;
        var tcp = new TcpPacket(new ByteArraySegment(header))
        {
            SourcePort = flow.SourcePort,
            DestinationPort = flow.DestinationPort,
            SequenceNumber = 0xFEDCBA98,
            AcknowledgmentNumber = 0x01234567,
            Acknowledgment = true,
            Push = true,
            WindowSize = 1234,
            Options = [2, 4, 0x05, 0xB4, 1, 3, 3, 7], // MSS 1460, NOP, window scale 7
            PayloadData = payload,
        };
        var (ethernet, ip) = WrapInPacketDotNet(flow, tcp);
        tcp.UpdateTcpChecksum();
        byte[] frame = ethernet.Bytes;

        ParsedFrame.TryParse(frame, out var parsed).Should().BeTrue();

        ExpectSameIP(parsed, ip);
        parsed.IsTcp.Should().BeTrue();
        parsed.SourcePort.Should().Be(tcp.SourcePort);
        parsed.DestinationPort.Should().Be(tcp.DestinationPort);
        parsed.L4HeaderLength.Should().Be(28);
        parsed.Tcp.Should().Be(new TcpSegmentFields(0xFEDCBA98, 0x01234567, TcpFlags.Ack | TcpFlags.Psh, 1234, 1460, 7));
        parsed.TransportChecksum.Should().Be(tcp.Checksum);
        frame.AsSpan(parsed.PayloadOffset, parsed.PayloadLength).ToArray().Should().Equal(payload);
        L4Checksum.Classify(frame, parsed).Should().Be(ChecksumState.CompleteValid);
    }

    [Test]
    public void Vxlan_frames_built_here_read_the_same_in_PacketDotNet_and_their_offsets_are_the_headers_sizes([Values] bool ipv6)
    {
        var outer = TestFlows.ForFamily(ipv6) with { DestinationPort = VxlanHeader.Port };
        var inner = TestFlows.ForFamily(!ipv6) with { SourcePort = 5001, DestinationPort = 6001 };
        byte[] payload = TestFlows.Payload(3000);
        var buffer = new byte[4000];
        var built = FrameBuilder.VxlanUdp(buffer, outer, 0xABCDE, inner, payload, L4ChecksumMode.Complete);
        var frame = buffer[..built.Length];

        var ethernet = (EthernetPacket)Packet.ParsePacket(LinkLayers.Ethernet, frame);
        var outerIPLength = ipv6 ? 40 : 20;
        var innerIPLength = ipv6 ? 20 : 40;
        ExpectEthernetAndIP(ethernet, outer, ProtocolType.Udp, 8 + 8 + 14 + innerIPLength + 8 + 3000);
        var outerUdp = ethernet.Extract<UdpPacket>();
        outerUdp.DestinationPort.Should().Be(4789);
        outerUdp.Checksum.Should().Be(0, "the outer checksum is left zero");
        var vxlan = (VxlanPacket)outerUdp.PayloadPacket;
        vxlan.Vni.Should().Be(0xABCDE);
        var innerEthernet = (EthernetPacket)vxlan.PayloadPacket;
        ExpectEthernetAndIP(innerEthernet, inner, ProtocolType.Udp, 8 + 3000);
        var innerUdp = innerEthernet.Extract<UdpPacket>();
        innerUdp.PayloadData.Should().Equal(payload);
        innerUdp.ValidUdpChecksum.Should().BeTrue();

        // RFC sizes: Ethernet 14, IPv4 20 or IPv6 40, UDP 8, VXLAN 8.
        built.OuterL4Offset.Should().Be(14 + outerIPLength);
        built.InnerNetworkOffset.Should().Be(14 + outerIPLength + 8 + 8 + 14);
        built.Inner.L4Offset.Should().Be(14 + outerIPLength + 8 + 8 + 14 + innerIPLength);
        built.Inner.ChecksumOffset.Should().Be(6);
    }

    [Test]
    public void A_tunnel_offload_header_names_the_outer_family_and_both_offsets()
    {
        var buffer = new byte[4000];
        var v4 = FrameBuilder.VxlanUdp(buffer, TestFlows.IPv4 with { DestinationPort = VxlanHeader.Port }, 42, TestFlows.IPv4, new byte[3000], L4ChecksumMode.Partial);
        var header = v4.OffloadHeader(VirtioGsoType.UdpL4, 1000);

        ((byte)header.GsoType).Should().Be(0x25, "VIRTIO_NET_HDR_GSO_UDP_TUNNEL_IPV4 (0x20) | UDP_L4 (5)");
        (header.OuterThOffset, header.InnerNhOffset, header.CsumStart, header.CsumOffset).Should().Be((34, 64, 84, 6));
        header.Flags.Should().Be(VirtioNetHeaderFlags.NeedsCsum);
        var v6 = FrameBuilder.VxlanUdp(buffer, TestFlows.IPv6 with { DestinationPort = VxlanHeader.Port }, 42, TestFlows.IPv6, new byte[3000], L4ChecksumMode.Partial);
        ((byte)v6.OffloadHeader(VirtioGsoType.UdpL4, 1000).GsoType).Should().Be(0x45, "VIRTIO_NET_HDR_GSO_UDP_TUNNEL_IPV6 (0x40) | UDP_L4 (5)");
    }

    private delegate BuiltFrame Writer(byte[] buffer, ReadOnlySpan<byte> payload);

    private static byte[] Build(byte[] payload, Writer write)
    {
        var buffer = new byte[payload.Length + 200];
        var built = write(buffer, payload);
        return buffer[..built.Length];
    }

    private static void ExpectEthernetAndIP(EthernetPacket ethernet, in FlowEndpoints flow, ProtocolType protocol, int l4Length)
    {
        ethernet.SourceHardwareAddress.GetAddressBytes().Should().Equal(MacBytes(flow.SourceMac));
        ethernet.DestinationHardwareAddress.GetAddressBytes().Should().Equal(MacBytes(flow.DestinationMac));
        var ip = ethernet.Extract<IPPacket>();
        ip.SourceAddress.Should().Be(flow.SourceIP.ToIPAddress());
        ip.DestinationAddress.Should().Be(flow.DestinationIP.ToIPAddress());
        ip.Protocol.Should().Be(protocol);
        ip.PayloadLength.Should().Be((ushort)l4Length);
        ip.TimeToLive.Should().Be(64);
        if (ip is IPv4Packet ipv4)
        {
            ethernet.Type.Should().Be(EthernetType.IPv4);
            ipv4.TotalLength.Should().Be(IPv4Header.Size + l4Length);
            ipv4.ValidIPChecksum.Should().BeTrue();
            ipv4.FragmentFlags.Should().Be(0b010, "DF set, MF clear");
            ipv4.FragmentOffset.Should().Be(0);
            ipv4.Id.Should().Be(0);
        }
        else
        {
            ethernet.Type.Should().Be(EthernetType.IPv6);
        }
    }

    private static void ExpectSameIP(in ParsedFrame parsed, IPPacket ip)
    {
        parsed.IPVersion.Should().Be(ip is IPv4Packet ? 4 : 6);
        parsed.Source.Should().Be(IPAddressBytes.From(ip.SourceAddress));
        parsed.Destination.Should().Be(IPAddressBytes.From(ip.DestinationAddress));
        parsed.Protocol.Should().Be((IPProtocol)ip.Protocol);
        parsed.TimeToLive.Should().Be((byte)ip.TimeToLive);
        parsed.IPHeaderLength.Should().Be(ip is IPv4Packet ? IPv4Header.Size : IPv6Header.Size);
        parsed.L4Length.Should().Be(ip.PayloadLength);
        parsed.IPv4HeaderChecksumValid.Should().BeTrue();
    }

    private static (EthernetPacket Ethernet, IPPacket IP) WrapInPacketDotNet(in FlowEndpoints flow, TransportPacket transport)
    {
        IPPacket ip = flow.IsIPv6
            ? new IPv6Packet(flow.SourceIP.ToIPAddress(), flow.DestinationIP.ToIPAddress())
            : new IPv4Packet(flow.SourceIP.ToIPAddress(), flow.DestinationIP.ToIPAddress());
        var ethernet = new EthernetPacket(
            new PhysicalAddress(MacBytes(flow.SourceMac)), new PhysicalAddress(MacBytes(flow.DestinationMac)),
            flow.IsIPv6 ? EthernetType.IPv6 : EthernetType.IPv4)
        {
            PayloadPacket = ip,
        };
        ip.PayloadPacket = transport;
        ethernet.UpdateCalculatedValues();
        (ip as IPv4Packet)?.UpdateIPChecksum();
        return (ethernet, ip);
    }

    private static bool PacketDotNetSaysChecksumValid(byte[] frame, bool tcp)
    {
        var packet = Packet.ParsePacket(LinkLayers.Ethernet, frame);
        return tcp ? packet.Extract<TcpPacket>().ValidTcpChecksum : packet.Extract<UdpPacket>().ValidUdpChecksum;
    }

    private static byte[] MacBytes(MacAddress address)
    {
        var bytes = new byte[MacAddress.Length];
        address.WriteTo(bytes);
        return bytes;
    }
}
