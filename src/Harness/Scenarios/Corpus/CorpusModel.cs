using System.Buffers.Binary;
using Vnetconf.Model;
using Vnetconf.Packets;

namespace Vnetconf.Scenarios;

/// <summary>
/// What the model says about one write. <see cref="Write"/> is "accepted" or "rejected: ERRNO", or null where the
/// model cannot tell; <see cref="Outcome"/> is the whole outcome (<see cref="CorpusOutcome"/>'s words), or null when
/// the fate of an accepted write is left to be recorded and compared across runs.
/// </summary>
internal sealed record CorpusPrediction(string? Write, string? Outcome, string Rule, string Source);

/// <summary>The words a corpus outcome is stated in, shared by the model and the probe so that they compare.</summary>
internal static class CorpusOutcome
{
    public const string NoCounter = "no counter moved";

    public static string Dropped(string where) => $"dropped: {where}";

    /// <summary>"delivered: 1 frame, needs_csum 34+6, partial" — the frames' count, then each distinct shape with its count.</summary>
    public static string Delivered(IReadOnlyList<string> frameShapes)
    {
        var shapes = frameShapes.GroupBy(s => s).Select(g => g.Count() == 1 || frameShapes.Count == g.Count() ? g.Key : $"{g.Count()}× {g.Key}");
        return $"delivered: {frameShapes.Count} frame{(frameShapes.Count == 1 ? "" : "s")}, {string.Join("; ", shapes)}";
    }

    /// <summary>One frame's shape: the offload state the far AF_PACKET reports, and what its checksum bytes read as.</summary>
    public static string FrameShape(VirtioNetHeader? header, ChecksumState checksum)
    {
        var parts = new List<string>();
        if (header is { } h)
        {
            if (h.Flags.HasFlag(VirtioNetHeaderFlags.NeedsCsum)) parts.Add($"needs_csum {h.CsumStart}+{h.CsumOffset}");
            if (h.Flags.HasFlag(VirtioNetHeaderFlags.DataValid)) parts.Add("data_valid");
            if (h.GsoType != VirtioGsoType.None) parts.Add($"gso {h.GsoType}{(h.Ecn ? "|ECN" : "")}/{h.GsoSize}");
        }
        parts.Add(checksum switch
        {
            ChecksumState.CompleteValid => "complete",
            ChecksumState.Partial => "partial",
            ChecksumState.Absent => "no checksum",
            ChecksumState.Invalid => "invalid",
            _ => "not tcp/udp",
        });
        return string.Join(", ", parts);
    }

    /// <summary>What the write() part of an outcome is: the rejection itself, or "accepted" for any other outcome.</summary>
    public static string WriteOf(string outcome) => FrameAspects.IsRejected(outcome) ? outcome : FrameAspects.Accepted;
}

/// <summary>
/// An independent model of the TAP write path, written from the kernel source, as a pure function of the bytes
/// written and the lab: drivers/net/tun.c tun_get_user, drivers/net/tun_vnet.h __tun_vnet_hdr_get, and
/// include/linux/virtio_net.h virtio_net_hdr_tnl_to_skb / __virtio_net_hdr_to_skb decide whether write() takes the
/// bytes; for the non-GSO frames it takes, the bridge's MTU check and the NIC's checksum offload decide what the far
/// end sees. It never looks at what a run observed. GSO fates (DODGY revalidation, software segmentation, UFO's IP
/// fragmentation) and frames read at a shifted offset are not modelled: their outcome is recorded.
/// </summary>
internal static class CorpusModel
{
    private const string GetUser = "drivers/net/tun.c: tun_get_user";
    private const string HdrGet = "drivers/net/tun_vnet.h: __tun_vnet_hdr_get";
    private const string ToSkb = "include/linux/virtio_net.h: __virtio_net_hdr_to_skb";
    private const string TnlToSkb = "include/linux/virtio_net.h: virtio_net_hdr_tnl_to_skb";
    private const string Forward = "net/bridge/br_forward.c: br_dev_queue_push_xmit → is_skb_forwardable";
    private const string Veth = "drivers/net/veth.c: veth_xmit (ip_summed kept)";
    private const string FarPull = "net/core/dev.c: __dev_forward_skb2 → include/linux/skbuff.h: skb_postpull_rcsum";
    private const string ChecksumHelp = "net/core/dev.c: validate_xmit_skb → skb_csum_hwoffload_help → skb_checksum_help";

    /// <summary>The bridge forwards a non-GSO frame up to the port's MTU plus an Ethernet header and a VLAN tag.</summary>
    public const int BridgeFrameLimit = MtuFrame + 4;

    /// <summary>A frame that fills the 1500-byte MTU.</summary>
    public const int MtuFrame = 1500 + EthernetHeader.Size;

    /// <summary>
    /// UDP_MAX_SEGMENTS (include/linux/udp.h) was 64 for years and 128 in some 6.x releases; the model does not know
    /// which this kernel has, so a UDP_L4 write between the two limits is left to be recorded.
    /// </summary>
    public const int UdpMaxSegmentsLow = 64;

    public const int UdpMaxSegmentsHigh = 128;

    private static readonly string Einval = FrameAspects.Rejected("EINVAL");

    public static CorpusPrediction Predict(ReadOnlySpan<byte> written, CorpusLab lab, KernelVersion kernel)
    {
        if (!lab.VnetHeader)
            return written.Length < EthernetHeader.Size
                ? Reject("a frame shorter than an Ethernet header is refused", GetUser)
                : Fate(written, default, partial: false, lab, "without IFF_VNET_HDR every byte written is the frame");

        var size = lab.TapHeaderSize;
        if (written.Length < size) return Reject("the write must hold at least vnet_hdr_sz bytes", HdrGet);

        // Linux 6.17+ parses the tunnel header when vnet_hdr_sz can hold it (tun_vnet_hdr_guest_features).
        var tunnelAware = KernelChanges.UdpTunnelGso.IsIn(kernel) && size >= VirtioNetHeader.TunnelSize;
        var parsed = tunnelAware ? VirtioNetHeader.TunnelSize : VirtioNetHeader.LegacySize;
        var header = VirtioNetHeader.Read(written, VirtioNetHeader.LegacySize);
        var gso = written[1];
        var needsCsum = header.Flags.HasFlag(VirtioNetHeaderFlags.NeedsCsum);

        // hdr_len is a u16: the raised value wraps, as the kernel's does.
        var hdrLen = needsCsum ? (ushort)Math.Max(header.CsumStart + header.CsumOffset + 2, header.HdrLen) : header.HdrLen;
        var afterParsed = KernelChanges.TunHdrLenAfterParsedHeader;
        var (headerEnd, headerName, where) = afterParsed.IsIn(kernel) ? (parsed, "the parsed header", HdrGet) : (size, "the vnet_hdr_sz-byte header", GetUser);
        if (hdrLen > written.Length - headerEnd)
            return Reject($"hdr_len (under NEEDS_CSUM at least csum_start + csum_offset + 2) exceeds the bytes after {headerName} ({afterParsed.SideOf(kernel)})", where);

        var frame = written[size..];
        if (frame.Length < EthernetHeader.Size || (hdrLen != 0 && hdrLen < EthernetHeader.Size))
            return Reject("a frame, or a nonzero hdr_len, shorter than an Ethernet header is refused", GetUser);

        if (tunnelAware && (gso & VirtioNetHeader.GsoUdpTunnelBits) != 0)
            return Tunnel(written, frame, header, gso, kernel);

        var toSkb = ToSkbRules(frame, header, gso, ToSkb, kernel);
        if (toSkb.Rejection is { } rejection) return rejection;
        if (toSkb.Undecided is { } undecided) return new(null, null, undecided, ToSkb);
        if (toSkb.IsGso) return new(FrameAspects.Accepted, null, "accepted as GSO: its fate (revalidation, segmentation at the NIC) is recorded", ToSkb);
        return Fate(frame, header, needsCsum, lab, gso == 0 ? "accepted without GSO" : "accepted; a payload within gso_size is not GSO");
    }

    private readonly record struct SkbRules(CorpusPrediction? Rejection, string? Undecided, bool IsGso);

    /// <summary>__virtio_net_hdr_to_skb on the TAP path, where no network header is set yet, so the flow is never dissected.</summary>
    private static SkbRules ToSkbRules(ReadOnlySpan<byte> frame, in VirtioNetHeader header, byte gso, string source, KernelVersion kernel)
    {
        var needsCsum = header.Flags.HasFlag(VirtioNetHeaderFlags.NeedsCsum);
        int thlen = 0, nhMin = IPv4Header.Size;
        var type = gso & ~VirtioNetHeader.GsoEcnBit;
        if (gso != 0)
        {
            switch (type)
            {
                case (int)VirtioGsoType.TcpV4: thlen = TcpHeader.MinimumSize; break;
                case (int)VirtioGsoType.TcpV6: thlen = TcpHeader.MinimumSize; nhMin = IPv6Header.Size; break;
                case (int)VirtioGsoType.Udp: thlen = UdpHeader.Size; break;
                case (int)VirtioGsoType.UdpL4 when KernelChanges.Uso.IsIn(kernel): thlen = UdpHeader.Size; break;
                case (int)VirtioGsoType.UdpL4:
                    return Rejecting($"gso_type is none of TCPV4, UDP, TCPV6 (with or without ECN): UDP_L4 is not known yet ({KernelChanges.Uso.SideOf(kernel)})", source);
                default: return Rejecting("gso_type is none of TCPV4, UDP, TCPV6, UDP_L4 (with or without ECN)", source);
            }
            if (header.GsoSize == 0) return Rejecting("a GSO packet needs a gso_size", source);
        }

        int pOff;
        if (needsCsum)
        {
            var needed = (long)header.CsumStart + Math.Max(thlen, header.CsumOffset + 2);
            if (needed > frame.Length) return Rejecting("the checksum field (and the transport header) must lie inside the frame", source);
            // Before the change the transport header may lie inside the network header; the rest of the function still applies.
            if (header.CsumStart < nhMin && KernelChanges.CsumStartPastNetworkHeader.IsIn(kernel))
                return Rejecting($"csum_start must leave room for the network header ({nhMin} bytes, counted from the Ethernet header; {KernelChanges.CsumStartPastNetworkHeader.SideOf(kernel)})", source);
            pOff = header.CsumStart + thlen;
        }
        else if (gso != 0)
        {
            // Refused whether or not the flow is dissected first: every path ends in these checks.
            if (type == (int)VirtioGsoType.UdpL4) return Rejecting("UDP_L4 needs NEEDS_CSUM", source);
            if (header.GsoSize == 0xFFFF) return Rejecting("gso_size 0xFFFF is GSO_BY_FRAGS, refused from user space", source);
            // Whether the flow is dissected here hangs on skb->network_header being set before virtio_net_hdr_to_skb,
            // which the source read for this model does not settle (Linux 6.18 answers as if it were: a TCPV4 header on
            // a UDP frame is refused), so the write is recorded.
            return new(null, "GSO without NEEDS_CSUM: whether tun's skb is flow-dissected (protocol and ip_proto must match gso_type) is not settled by the source", false);
        }
        else
        {
            return new(null, null, false);
        }

        if (gso == 0) return new(null, null, false);
        var nhOff = pOff;
        switch (type)
        {
            case (int)VirtioGsoType.Udp:
                nhOff -= thlen; // UFO's gso_size may leave out the UDP header
                break;
            case (int)VirtioGsoType.UdpL4:
                if (!needsCsum) return Rejecting("UDP_L4 needs NEEDS_CSUM", source);
                if (header.CsumOffset != UdpHeader.ChecksumOffset) return Rejecting("UDP_L4 needs csum_offset 6 (the UDP check field)", source);
                var data = frame.Length - pOff;
                if (data > header.GsoSize * UdpMaxSegmentsHigh) return Rejecting("UDP_L4 may not ask for more than UDP_MAX_SEGMENTS segments", source);
                if (data > header.GsoSize * UdpMaxSegmentsLow) return new(null, "between 64 and 128 segments: UDP_MAX_SEGMENTS differs across 6.x releases", false);
                if ((gso & VirtioNetHeader.GsoEcnBit) != 0) return Rejecting("UDP_L4 takes no ECN bit", source);
                break;
            default:
                if (needsCsum && header.CsumOffset != TcpHeader.ChecksumOffset && KernelChanges.TcpGsoChecksumOffset.IsIn(kernel))
                    return Rejecting($"TCP GSO with NEEDS_CSUM needs csum_offset 16 (the TCP check field; {KernelChanges.TcpGsoChecksumOffset.SideOf(kernel)})", source);
                break;
        }
        if (header.GsoSize == 0xFFFF) return Rejecting("gso_size 0xFFFF is GSO_BY_FRAGS, refused from user space", source);
        return new(null, null, frame.Length - nhOff > header.GsoSize);
    }

    /// <summary>virtio_net_hdr_tnl_to_skb: a UDP-tunnel gso_type on a TAP whose header size holds the tunnel offsets.</summary>
    private static CorpusPrediction Tunnel(ReadOnlySpan<byte> written, ReadOnlySpan<byte> frame, in VirtioNetHeader header, byte gso, KernelVersion kernel)
    {
        if ((gso & VirtioNetHeader.GsoUdpTunnelBits) == VirtioNetHeader.GsoUdpTunnelBits) return Reject("the tunnel is either IPv4 or IPv6, not both", TnlToSkb);
        var inner = gso & ~(VirtioNetHeader.GsoEcnBit | VirtioNetHeader.GsoUdpTunnelBits);
        if (inner is 0 or (int)VirtioGsoType.Udp) return Reject("a UDP tunnel must carry a GSO packet, and not UFO", TnlToSkb);
        if (!header.Flags.HasFlag(VirtioNetHeaderFlags.NeedsCsum)) return Reject("a UDP tunnel needs NEEDS_CSUM", TnlToSkb);
        var outerV6 = (gso & VirtioNetHeader.GsoUdpTunnelIPv6Bit) != 0;
        var innerV6 = inner == (int)VirtioGsoType.TcpV6;
        var tunnel = VirtioNetHeader.Read(written, VirtioNetHeader.TunnelSize);
        var (outerTh, innerNh) = (tunnel.OuterThOffset, tunnel.InnerNhOffset);
        if (outerTh < EthernetHeader.Size + L3Min(outerV6) || innerNh < outerTh + UdpHeader.Size || header.CsumStart < innerNh + L3Min(innerV6))
            return Reject("the tunnel offsets must be ordered: outer transport, inner network header, inner transport (csum_start)", TnlToSkb);
        var rules = ToSkbRules(frame, header, (byte)(gso & ~VirtioNetHeader.GsoUdpTunnelBits), TnlToSkb, kernel);
        if (rules.Rejection is { } rejection) return rejection;
        if (rules.Undecided is { } undecided) return new(null, null, undecided, TnlToSkb);
        if (inner == (int)VirtioGsoType.UdpL4 && header.CsumStart < innerNh + L3Min(frame[innerNh] >> 4 == 6))
            return Reject("the inner IP version read at inner_nh_offset needs a longer inner network header", TnlToSkb);
        return new(FrameAspects.Accepted, null, "accepted as UDP-tunnel GSO: its fate is recorded", TnlToSkb);
    }

    private static int L3Min(bool v6) => v6 ? IPv6Header.Size : IPv4Header.Size;

    /// <summary>
    /// Where an accepted non-GSO frame ends up. Decided only for a frame a bridge forwards as it is: unicast to the far
    /// end's MAC from a valid unicast source, and, for IP, a header br_netfilter's validation passes.
    /// </summary>
    private static CorpusPrediction Fate(ReadOnlySpan<byte> frame, in VirtioNetHeader header, bool partial, CorpusLab lab, string accepted)
    {
        var destination = MacAddress.Read(frame);
        var source = MacAddress.Read(frame[MacAddress.Length..]);
        if (destination != LabAddresses.StackMac || source.IsMulticast || source == default || !IpHeaderValid(frame))
            return new(FrameAspects.Accepted, null, $"{accepted}; a frame not addressed to the far end as a valid one is forwarded by rules not modelled: recorded", GetUser);
        if (frame.Length > MtuFrame && frame.Length <= BridgeFrameLimit)
            return new(FrameAspects.Accepted, null,
                $"{accepted}; between the MTU and the bridge's limit, br_netfilter (bridge-nf-call-iptables, set by the host) may drop an IP frame first: recorded", Forward);
        if (frame.Length > BridgeFrameLimit)
            return new(FrameAspects.Accepted, CorpusOutcome.Dropped(CorpusOutcome.NoCounter),
                $"{accepted}; a non-GSO frame longer than the port's MTU + 18 is dropped by the bridge without counting it", Forward);
        // A frame that does not parse is classified from the default (no transport header): that is its outcome.
        _ = ParsedFrame.TryParse(frame, out var parsed);
        if (!partial)
            return new(FrameAspects.Accepted, CorpusOutcome.Delivered([CorpusOutcome.FrameShape(new VirtioNetHeader(), L4Checksum.Classify(frame, parsed))]),
                $"{accepted}; CHECKSUM_NONE (DATA_VALID means nothing on the write path) crosses bridge and NIC as written", Veth);
        // Reached only where csum_start may lie before the network header (before 6.12's check): the far veth pulls the
        // Ethernet header, and a checksum start left before the data is no longer a partial checksum.
        if (lab.NicOffloads && header.CsumStart < EthernetHeader.Size)
            return new(FrameAspects.Accepted, CorpusOutcome.Delivered([CorpusOutcome.FrameShape(new VirtioNetHeader(), L4Checksum.Classify(frame, parsed))]),
                $"{accepted}; CHECKSUM_PARTIAL crosses a NIC with checksum offload, but at the far end, once the Ethernet header is pulled, " +
                "csum_start lies before the data and skb_postpull_rcsum makes the skb CHECKSUM_NONE: the frame arrives as written",
                FarPull);
        if (lab.NicOffloads)
            return new(FrameAspects.Accepted,
                CorpusOutcome.Delivered([CorpusOutcome.FrameShape(new VirtioNetHeader { Flags = VirtioNetHeaderFlags.NeedsCsum, CsumStart = header.CsumStart, CsumOffset = header.CsumOffset }, L4Checksum.Classify(frame, parsed, declaredPartial: true))]),
                $"{accepted}; CHECKSUM_PARTIAL crosses a NIC with checksum offload unfinished", Veth);
        var finished = frame.ToArray();
        L4Checksum.Finish(finished, header.CsumStart, header.CsumOffset);
        _ = ParsedFrame.TryParse(finished, out var parsedFinished);
        return new(FrameAspects.Accepted, CorpusOutcome.Delivered([CorpusOutcome.FrameShape(new VirtioNetHeader(), L4Checksum.Classify(finished, parsedFinished))]),
            $"{accepted}; a NIC without checksum offload finishes the checksum at csum_start + csum_offset", ChecksumHelp);
    }

    /// <summary>What br_netfilter's br_validate_ipv4/ipv6 would pass: a whole IP header that fits the frame (non-IP passes).</summary>
    private static bool IpHeaderValid(ReadOnlySpan<byte> frame)
    {
        var type = BinaryPrimitives.ReadUInt16BigEndian(frame[(2 * MacAddress.Length)..]);
        if (type != (ushort)EtherType.IPv4 && type != (ushort)EtherType.IPv6) return type != (ushort)EtherType.Vlan;
        return ParsedFrame.TryParse(frame, out var parsed) && !parsed.IsTruncated && parsed.NetworkOffset + parsed.IPTotalLength == frame.Length &&
               (parsed.IPVersion == 6 || parsed.IPv4HeaderChecksumValid);
    }

    private static CorpusPrediction Reject(string rule, string source) => new(Einval, Einval, rule, source);

    private static SkbRules Rejecting(string rule, string source) => new(Reject(rule, source), null, false);
}
