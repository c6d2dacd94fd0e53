using Vnetconf.Interop;
using Vnetconf.Packets;

namespace Vnetconf.Model;

/// <summary>
/// One frame as an observation point saw it: the bytes (kept, for reports and pcapng), the virtio-net header
/// that came with it (if any), and what the frame says about itself.
/// </summary>
/// <param name="Bytes">the frame from its Ethernet header on, without any virtio-net header</param>
/// <param name="HeaderLength">bytes of virtio-net header that preceded the frame (0: none)</param>
/// <param name="Header">the decoded header, or null when there was none</param>
/// <param name="Direction">sll_pkttype for AF_PACKET captures; null for TAP reads</param>
/// <param name="AuxStatus">tpacket_auxdata.tp_status for AF_PACKET captures</param>
public sealed record CapturedFrame(byte[] Bytes, int HeaderLength, VirtioNetHeader? Header, PacketDirection? Direction = null, uint AuxStatus = 0)
{
    private ParsedFrame? parsed;

    public int Length => Bytes.Length;

    public ParsedFrame Parsed => parsed ??= ParsedFrame.TryParse(Bytes, out var p) ? p : default;

    /// <summary>Complete-and-valid, partial (pseudo-header sum only), invalid, absent or not applicable.</summary>
    public ChecksumState Checksum => L4Checksum.Classify(Bytes, Parsed, declaredPartial: Header is { } h && h.Flags.HasFlag(VirtioNetHeaderFlags.NeedsCsum));

    /// <summary>
    /// No header says what the checksum is, and its bytes read both as partial and as complete
    /// (<see cref="L4Checksum.ReadsBothWays"/>): the frame cannot tell, its neighbours in a capture can.
    /// </summary>
    public bool ChecksumUndecided => Header is null && L4Checksum.ReadsBothWays(Bytes, Parsed);

    public bool IsGso => Header is { } h && h.GsoType != VirtioGsoType.None;

    /// <summary>True for frames of the flow between the two ports, in either direction.</summary>
    public bool BelongsTo(IPProtocol protocol, ushort portA, ushort portB) =>
        Parsed.HasTransportHeader && Parsed.Protocol == protocol &&
        ((Parsed.SourcePort == portA && Parsed.DestinationPort == portB) || (Parsed.SourcePort == portB && Parsed.DestinationPort == portA));

    /// <summary>
    /// The frame a VXLAN frame carries, after its outer UDP header (to <see cref="VxlanHeader.Port"/>) and the VXLAN
    /// header, with this frame's virtio-net header and status, which describe the whole skb; null for any other frame.
    /// </summary>
    public CapturedFrame? VxlanInner() =>
        VxlanHeader.TryFindInner(Bytes, Parsed, out var inner) ? new CapturedFrame(Bytes[inner..], HeaderLength, Header, Direction, AuxStatus) : null;

    public override string ToString() =>
        $"{Length} B {(Header is { } h ? $"[{h}]" : "[no header]")} {Checksum}";
}
