using System.Buffers.Binary;
using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Packets;

namespace Vnetconf.Harness.Tests.Packets;

public sealed class ParsedFrameTests
{
    [Test]
    public void A_built_UDP_frame_parses_back_to_its_flow_and_offsets([Values] bool ipv6)
    {
        var flow = TestFlows.ForFamily(ipv6);
        var buffer = new byte[256];
        var built = FrameBuilder.Udp(buffer, flow, TestFlows.Payload(100), L4ChecksumMode.Complete);

        ParsedFrame.TryParse(buffer.AsSpan(0, built.Length), out var parsed).Should().BeTrue();

        parsed.EtherType.Should().Be(ipv6 ? EtherType.IPv6 : EtherType.IPv4);
        parsed.VlanTagControl.Should().BeNull();
        parsed.NetworkOffset.Should().Be(EthernetHeader.Size);
        parsed.IPVersion.Should().Be(ipv6 ? 6 : 4);
        parsed.Source.Should().Be(flow.SourceIP);
        parsed.Destination.Should().Be(flow.DestinationIP);
        parsed.Protocol.Should().Be(IPProtocol.Udp);
        parsed.IsUdp.Should().BeTrue();
        parsed.IsTcp.Should().BeFalse();
        parsed.SourcePort.Should().Be(flow.SourcePort);
        parsed.DestinationPort.Should().Be(flow.DestinationPort);
        parsed.L4Offset.Should().Be(built.L4Offset);
        parsed.L4Length.Should().Be(UdpHeader.Size + 100);
        parsed.L4HeaderLength.Should().Be(UdpHeader.Size);
        parsed.UdpLength.Should().Be(UdpHeader.Size + 100);
        parsed.ChecksumFieldOffset.Should().Be(built.ChecksumFieldOffset);
        parsed.PayloadOffset.Should().Be(built.PayloadOffset);
        parsed.PayloadLength.Should().Be(100);
        parsed.FrameLength.Should().Be(built.Length);
        parsed.IsTruncated.Should().BeFalse();
        parsed.IsFragment.Should().BeFalse();
        parsed.DontFragment.Should().Be(!ipv6);
        parsed.IPv4HeaderChecksumValid.Should().BeTrue();
        built.ChecksumOffset.Should().Be(6);
        built.L4Offset.Should().Be(ipv6 ? 54 : 34);
    }

    [Test]
    public void A_built_TCP_frame_parses_back_to_the_fields_it_was_built_from([Values] bool ipv6, [Values] bool withOptions)
    {
        var flow = TestFlows.ForFamily(ipv6);
        var fields = withOptions ? TestFlows.SynWithOptions : TestFlows.DataSegment;
        var buffer = new byte[256];
        var built = FrameBuilder.Tcp(buffer, flow, fields, TestFlows.Payload(10), L4ChecksumMode.Complete);

        ParsedFrame.TryParse(buffer.AsSpan(0, built.Length), out var parsed).Should().BeTrue();

        parsed.IsTcp.Should().BeTrue();
        parsed.Tcp.Should().Be(fields);
        parsed.L4HeaderLength.Should().Be(TcpHeader.SizeFor(fields));
        parsed.ChecksumFieldOffset.Should().Be(built.ChecksumFieldOffset);
        parsed.PayloadOffset.Should().Be(built.PayloadOffset);
        parsed.PayloadLength.Should().Be(10);
        built.ChecksumOffset.Should().Be(16);
        built.PayloadOffset.Should().Be((ipv6 ? 74 : 54) + (withOptions ? 8 : 0), "hdr_len 54 for plain TCP over IPv4");
    }

    [Test]
    public void A_kernel_SYN_yields_MSS_and_window_scale_among_SACK_and_timestamp_options()
    {
        ParsedFrame.TryParse(KernelFrames.CompleteTcpSyn, out var parsed).Should().BeTrue();

        parsed.Tcp.Flags.Should().Be(TcpFlags.Syn);
        parsed.Tcp.Window.Should().Be(64240);
        parsed.Tcp.MaximumSegmentSize.Should().Be((ushort)1460);
        parsed.Tcp.WindowScale.Should().Be((byte)10);
        parsed.L4HeaderLength.Should().Be(40);
        parsed.PayloadLength.Should().Be(0);
        parsed.Source.ToString().Should().Be("198.18.0.1");
        parsed.DontFragment.Should().BeTrue();
    }

    [Test]
    public void One_VLAN_tag_is_skipped_and_every_offset_moves_by_four()
    {
        var flow = TestFlows.IPv4;
        var untagged = new byte[128];
        var built = FrameBuilder.Udp(untagged, flow, TestFlows.Payload(20), L4ChecksumMode.Complete);
        var tagged = new byte[built.Length + 4];
        EthernetHeader.WriteVlanTagged(tagged, flow.DestinationMac, flow.SourceMac, tagControl: 0x2064, EtherType.IPv4);
        untagged.AsSpan(EthernetHeader.Size, built.Length - EthernetHeader.Size).CopyTo(tagged.AsSpan(EthernetHeader.VlanTaggedSize));

        ParsedFrame.TryParse(tagged, out var parsed).Should().BeTrue();

        parsed.VlanTagControl.Should().Be((ushort)0x2064);
        parsed.EtherType.Should().Be(EtherType.IPv4);
        parsed.NetworkOffset.Should().Be(18);
        parsed.L4Offset.Should().Be(built.L4Offset + 4);
        parsed.ChecksumFieldOffset.Should().Be(built.ChecksumFieldOffset + 4);
        parsed.PayloadOffset.Should().Be(built.PayloadOffset + 4);
        L4Checksum.Classify(tagged, parsed).Should().Be(ChecksumState.CompleteValid);
    }

    [Test]
    public void ARP_parses_as_a_frame_without_IP()
    {
        ParsedFrame.TryParse(KernelFrames.ArpRequest, out var parsed).Should().BeTrue();

        parsed.EtherType.Should().Be(EtherType.Arp);
        parsed.IPVersion.Should().Be(0);
        parsed.HasTransportHeader.Should().BeFalse();
        parsed.ChecksumFieldOffset.Should().Be(-1);
        parsed.PayloadOffset.Should().Be(14);
        parsed.PayloadLength.Should().Be(28);
        parsed.IsTruncated.Should().BeFalse();
        L4Checksum.Classify(KernelFrames.ArpRequest, parsed).Should().Be(ChecksumState.NotApplicable);
    }

    [Test]
    public void ICMPv6_behind_a_hop_by_hop_header_parses_as_IPv6_without_a_transport_header()
    {
        byte[] frame = KernelFrames.MldReportWithHopByHop;
        ParsedFrame.TryParse(frame, out var parsed).Should().BeTrue();

        parsed.IPVersion.Should().Be(6);
        parsed.Protocol.Should().Be(IPProtocol.IcmpV6);
        parsed.IPHeaderLength.Should().Be(48, "the fixed header and one 8-byte hop-by-hop header");
        parsed.L4Offset.Should().Be(14 + 48);
        parsed.TimeToLive.Should().Be(1);
        parsed.Destination.ToString().Should().Be("ff02::16");
        parsed.HasTransportHeader.Should().BeFalse();
        parsed.PayloadOffset.Should().Be(parsed.L4Offset);
        parsed.PayloadLength.Should().Be(48);
        L4Checksum.Classify(frame, parsed).Should().Be(ChecksumState.NotApplicable);
    }

    [Test]
    public void Neighbour_solicitation_and_ICMP_quoting_a_UDP_header_are_not_TCP_or_UDP()
    {
        ParsedFrame.TryParse(KernelFrames.NeighbourSolicitation, out var solicitation).Should().BeTrue();
        ParsedFrame.TryParse(KernelFrames.IcmpPortUnreachable, out var unreachable).Should().BeTrue();

        solicitation.Protocol.Should().Be(IPProtocol.IcmpV6);
        solicitation.HasTransportHeader.Should().BeFalse();
        unreachable.Protocol.Should().Be(IPProtocol.Icmp);
        unreachable.HasTransportHeader.Should().BeFalse();
        unreachable.IPv4HeaderChecksumValid.Should().BeTrue();
    }

    [Test]
    public void IPv4_fragments_expose_their_offset_and_only_the_first_carries_ports()
    {
        var buffer = new byte[256];
        var built = FrameBuilder.Udp(buffer, TestFlows.IPv4, TestFlows.Payload(100), L4ChecksumMode.Complete);
        byte[] first = buffer[..built.Length];
        SetIPv4FlagsAndOffset(first, IPv4Header.MoreFragmentsFlag);
        byte[] later = buffer[..built.Length];
        SetIPv4FlagsAndOffset(later, 1480 / 8);

        ParsedFrame.TryParse(first, out var firstParsed).Should().BeTrue();
        ParsedFrame.TryParse(later, out var laterParsed).Should().BeTrue();

        firstParsed.MoreFragments.Should().BeTrue();
        firstParsed.FragmentOffset.Should().Be(0);
        firstParsed.IsFragment.Should().BeTrue();
        firstParsed.IsUdp.Should().BeTrue();
        firstParsed.DestinationPort.Should().Be(TestFlows.IPv4.DestinationPort);
        L4Checksum.Classify(first, firstParsed).Should().Be(ChecksumState.NotApplicable);

        laterParsed.MoreFragments.Should().BeFalse();
        laterParsed.FragmentOffset.Should().Be(1480);
        laterParsed.Protocol.Should().Be(IPProtocol.Udp);
        laterParsed.HasTransportHeader.Should().BeFalse();
        laterParsed.PayloadOffset.Should().Be(laterParsed.L4Offset);
        laterParsed.IPv4HeaderChecksumValid.Should().BeTrue();

        static void SetIPv4FlagsAndOffset(byte[] frame, ushort flagsAndOffset)
        {
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(14 + 6), flagsAndOffset);
            IPv4Header.UpdateChecksum(frame.AsSpan(14));
        }
    }

    [Test]
    public void An_IPv6_fragment_header_is_walked_and_its_fields_exposed()
    {
        var flow = TestFlows.IPv6;
        const int FragmentHeaderSize = 8, UdpPayload = 16;
        var frame = new byte[14 + 40 + FragmentHeaderSize + UdpHeader.Size + UdpPayload];
        int at = EthernetHeader.Write(frame, flow.DestinationMac, flow.SourceMac, EtherType.IPv6);
        at += IPv6Header.Write(frame.AsSpan(at), flow.SourceIP, flow.DestinationIP, IPProtocol.Fragment, FragmentHeaderSize + UdpHeader.Size + UdpPayload);
        frame[at] = (byte)IPProtocol.Udp;
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(at + 2), 0x0001); // offset 0, M = 1
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(at + 4), 0xCAFEF00D);
        at += FragmentHeaderSize;
        UdpHeader.Write(frame.AsSpan(at), flow.SourcePort, flow.DestinationPort, UdpPayload);

        ParsedFrame.TryParse(frame, out var parsed).Should().BeTrue();

        parsed.Protocol.Should().Be(IPProtocol.Udp);
        parsed.IPHeaderLength.Should().Be(48);
        parsed.MoreFragments.Should().BeTrue();
        parsed.FragmentOffset.Should().Be(0);
        parsed.Identification.Should().Be(0xCAFEF00D);
        parsed.IsUdp.Should().BeTrue();
        parsed.L4Offset.Should().Be(at);
        parsed.L4Length.Should().Be(UdpHeader.Size + UdpPayload);
        L4Checksum.Classify(frame, parsed).Should().Be(ChecksumState.NotApplicable);
    }

    [Test]
    public void Ethernet_padding_after_the_IP_packet_is_neither_payload_nor_truncation()
    {
        var padded = new byte[60];
        var built = FrameBuilder.Udp(padded, TestFlows.IPv4, TestFlows.Payload(4), L4ChecksumMode.Complete);
        padded.AsSpan(built.Length).Fill(0xAA);

        ParsedFrame.TryParse(padded, out var parsed).Should().BeTrue();

        parsed.FrameLength.Should().Be(60);
        parsed.PayloadLength.Should().Be(4);
        parsed.IsTruncated.Should().BeFalse();
        L4Checksum.Classify(padded, parsed).Should().Be(ChecksumState.CompleteValid);
    }

    [Test]
    public void A_frame_cut_short_of_its_IP_length_parses_as_truncated()
    {
        var buffer = new byte[2048];
        var built = FrameBuilder.Udp(buffer, TestFlows.IPv4, TestFlows.Payload(1000), L4ChecksumMode.Complete);

        ParsedFrame.TryParse(buffer.AsSpan(0, 100), out var parsed).Should().BeTrue();

        parsed.IsTruncated.Should().BeTrue();
        parsed.PayloadLength.Should().Be(1000, "lengths are what the headers state");
        built.Length.Should().BeGreaterThan(100);
        L4Checksum.Classify(buffer.AsSpan(0, 100), parsed).Should().Be(ChecksumState.NotApplicable);
    }

    [Test]
    public void Headers_that_are_cut_short_or_contradict_themselves_do_not_parse()
    {
        var buffer = new byte[256];
        var tcp = FrameBuilder.Tcp(buffer, TestFlows.IPv4, TestFlows.SynWithOptions, [], L4ChecksumMode.Complete);
        byte[] frame = buffer[..tcp.Length];

        ParsedFrame.TryParse(frame.AsSpan(0, 13), out _).Should().BeFalse("shorter than an Ethernet header");
        ParsedFrame.TryParse(frame.AsSpan(0, 30), out _).Should().BeFalse("the IPv4 header is cut");
        ParsedFrame.TryParse(frame.AsSpan(0, 50), out _).Should().BeFalse("the TCP header is cut");
        ParsedFrame.TryParse(frame.AsSpan(0, 60), out _).Should().BeFalse("the TCP options are cut");
        ParsedFrame.TryParse(With(frame, 14, 0x44), out _).Should().BeFalse("IHL 4 is under the minimum");
        ParsedFrame.TryParse(With(frame, 14, 0x55), out _).Should().BeFalse("not IP version 4");
        ParsedFrame.TryParse(With(frame, 17, 19), out _).Should().BeFalse("total length under the header length");
        ParsedFrame.TryParse(With(frame, 34 + 12, 0x40), out _).Should().BeFalse("TCP data offset 4 is under the minimum");
        ParsedFrame.TryParse(With(frame, 17, 44), out _).Should().BeFalse("the TCP header is longer than the IP length leaves");
        ParsedFrame.TryParse(With(frame, 12, 0x81, 13, 0x00).AsSpan(0, 16), out _).Should().BeFalse("the VLAN tag is cut");

        static byte[] With(byte[] frame, params int[] offsetValuePairs)
        {
            var copy = (byte[])frame.Clone();
            for (int i = 0; i < offsetValuePairs.Length; i += 2)
                copy[offsetValuePairs[i]] = (byte)offsetValuePairs[i + 1];
            return copy;
        }
    }

    [Test]
    public void A_malformed_option_ends_option_parsing_and_the_options_before_it_stand()
    {
        var buffer = new byte[256];
        var built = FrameBuilder.Tcp(buffer, TestFlows.IPv4, TestFlows.SynWithOptions, [], L4ChecksumMode.Complete);
        byte[] frame = buffer[..built.Length];
        // The options are MSS @54..57 then NOP, WS @58..61; make the window-scale option claim 9 bytes.
        frame[60] = 9;

        ParsedFrame.TryParse(frame, out var parsed).Should().BeTrue();

        parsed.Tcp.MaximumSegmentSize.Should().Be((ushort)1460);
        parsed.Tcp.WindowScale.Should().BeNull();
    }
}
