using Vnetconf.Model;

using Vnetconf.Packets;

namespace Vnetconf.Scenarios;

/// <summary>
/// A minimal TCP endpoint that the harness runs on the guest side of a TAP: enough of a handshake and of
/// acknowledgements to let a real kernel TCP socket on the other side open a connection and stream, or accept
/// one and receive segments the harness builds (including GSO super-frames with partial checksums).
/// No timestamps and no SACK are offered, so the kernel's segment size is exactly the MSS announced here.
/// </summary>
internal sealed class GuestTcp
{
    /// <summary>Window scale offered in SYNs: with 65535 &lt;&lt; 7 the kernel is never window-limited.</summary>
    private const byte WindowScale = 7;
    private const uint InitialSequence = 0x10000000;

    private readonly TapGuest guest;

    private GuestTcp(TapGuest guest, FlowEndpoints flow, uint nextSequence, uint peerNext)
    {
        this.guest = guest;
        Flow = flow;
        NextSequence = nextSequence;
        PeerNext = peerNext;
    }

    /// <summary>Guest → stack.</summary>
    public FlowEndpoints Flow { get; }

    /// <summary>The sequence number of the next byte the guest sends.</summary>
    public uint NextSequence { get; private set; }

    /// <summary>The next sequence number expected from the stack (what the guest acknowledges).</summary>
    public uint PeerNext { get; private set; }

    /// <summary>Shared payload bytes: a recognisable pattern, so a receiver can check what arrived.</summary>
    public static ReadOnlySpan<byte> Pattern => PatternBytes;

    private static readonly byte[] PatternBytes = Enumerable.Range(0, TapGuest.MaxFrame).Select(i => (byte)('a' + i % 26)).ToArray();

    /// <summary>Answers the stack's SYN with a SYN-ACK announcing <paramref name="mss"/>.</summary>
    public static GuestTcp Accept(TapGuest guest, CapturedFrame syn, ushort mss)
    {
        var p = syn.Parsed;
        if (!p.IsTcp || !p.Tcp.Flags.HasFlag(TcpFlags.Syn))
            throw new ArgumentException($"not a SYN: {syn}", nameof(syn));
        var ethernetSource = MacAddress.Read(syn.Bytes.AsSpan(6));
        var flow = new FlowEndpoints(guest.GuestMac, ethernetSource, p.Destination, p.Source, p.DestinationPort, p.SourcePort);
        var tcp = new GuestTcp(guest, flow, InitialSequence, p.Tcp.Sequence + 1);
        tcp.SendSegment(TcpFlags.Syn | TcpFlags.Ack, 0, mss);
        tcp.NextSequence++;
        return tcp;
    }

    /// <summary>Opens a connection to the stack: SYN, the stack's SYN-ACK, ACK.</summary>
    public static GuestTcp Connect(TapGuest guest, FlowEndpoints flow, ushort mss, TimeSpan timeout)
    {
        var tcp = new GuestTcp(guest, flow, InitialSequence, 0);
        tcp.SendSegment(TcpFlags.Syn, 0, mss);
        tcp.NextSequence++;
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && guest.Receive(deadline - DateTime.UtcNow) is { } frame)
        {
            if (!tcp.IsFromPeer(frame) || !frame.Parsed.Tcp.Flags.HasFlag(TcpFlags.Syn | TcpFlags.Ack)) continue;
            tcp.PeerNext = frame.Parsed.Tcp.Sequence + 1;
            tcp.Ack();
            return tcp;
        }
        throw new TimeoutException($"no SYN-ACK from {flow.DestinationIP}:{flow.DestinationPort} within {timeout.TotalSeconds} s");
    }

    /// <summary>True for frames of this connection sent by the stack.</summary>
    public bool IsFromPeer(CapturedFrame frame) =>
        frame.Parsed.IsTcp && frame.Parsed.SourcePort == Flow.DestinationPort && frame.Parsed.DestinationPort == Flow.SourcePort &&
        frame.Parsed.Source == Flow.DestinationIP;

    /// <summary>Acknowledges everything up to <paramref name="upTo"/> (default: all seen so far).</summary>
    public void Ack(uint? upTo = null)
    {
        if (upTo is { } ack && (int)(ack - PeerNext) > 0) PeerNext = ack;
        SendSegment(TcpFlags.Ack, 0, null);
    }

    /// <summary>
    /// Sends <paramref name="payloadLength"/> bytes as one segment. With <paramref name="gsoSize"/> it is a GSO
    /// super-frame: partial checksum, NEEDS_CSUM and gso_type TCPV4/TCPV6, as a guest with TSO would send it.
    /// </summary>
    public int Send(int payloadLength, ushort? gsoSize = null)
    {
        var header = SendSegment(TcpFlags.Ack | TcpFlags.Psh, payloadLength, null, gsoSize);
        NextSequence += (uint)payloadLength;
        return header;
    }

    private int SendSegment(TcpFlags flags, int payloadLength, ushort? mss, ushort? gsoSize = null)
    {
        var fields = new TcpSegmentFields(NextSequence, flags.HasFlag(TcpFlags.Ack) ? PeerNext : 0, flags, ushort.MaxValue,
            mss, flags.HasFlag(TcpFlags.Syn) ? WindowScale : null);
        var partial = gsoSize is not null;
        var built = FrameBuilder.Tcp(guest.FrameSpace, Flow, fields, Pattern[..payloadLength],
            partial ? L4ChecksumMode.Partial : L4ChecksumMode.Complete);
        var header = partial ? built.OffloadHeader(Flow.IsIPv6 ? VirtioGsoType.TcpV6 : VirtioGsoType.TcpV4, gsoSize!.Value) : default;
        return guest.Send(header, built.Length);
    }
}
