using System.Text;
using Vnetconf.Model;
using Vnetconf.Netmap;
using Vnetconf.Packets;

namespace Vnetconf.Scenarios;

/// <summary>
/// The canonical words for what a netmap port showed, used by the observations and by
/// <see cref="NetmapGuestCatalogue"/> alike, so the two compare as strings.
/// </summary>
public static class NetmapAspects
{
    public const string Adapter = "adapter";
    public const string BufferStart = "buffer start";
    public const string SlotLength = "slot length";
    public const string Checksum = "checksum";
    public const string PortHeader = "port header";
    public const string TapHeader = "tap0 header";
    public const string TapFrame = "tap0 frame";

    /// <summary>The virtio-net header the port's peer saw with a frame netmap sent (veth peer's AF_PACKET, the TAP fd's reader).</summary>
    public const string PeerHeader = "peer header";
    public const string PeerFrame = "peer frame";

    /// <summary>PORT_HDR_GET on a VALE port nobody set a length on.</summary>
    public const string FreshPortHeader = "PORT_HDR_GET, fresh port";

    /// <summary>PORT_HDR_SET on a VALE port name that no fd has opened.</summary>
    public const string UnopenedPortHeaderSet = "PORT_HDR_SET, unopened port";

    /// <summary>The aspect of one PORT_HDR_SET of <paramref name="length"/> bytes.</summary>
    public static string PortHeaderSet(int length) => $"PORT_HDR_SET {length}";

    /// <summary>"accepted, reads back 12" or "EINVAL, reads back 12": the request's outcome and PORT_HDR_GET right after it.</summary>
    public static string HeaderSetOutcome(string? refusal, int readBack) => $"{refusal ?? Accepted}, reads back {readBack}";

    public const string Accepted = "accepted";

    /// <summary>What REGISTER of netmap:eth0 answered: <see cref="Accepted"/> or the errno's name.</summary>
    public const string Register = "REGISTER";

    /// <summary>The median ratio of native over generic TX frames per second, judged against the profile's bound.</summary>
    public const string NativeOverGenericRate = "native/generic TX frames/s";

    /// <summary>"at least 0.5×": a measured ratio within the bound reads the same as the bound itself, so runs compare equal.</summary>
    public static string RatioAtLeast(double bound) => $"at least {bound:0.##}×";

    /// <summary>The words for a measured <paramref name="ratio"/>: the bound's when it holds, else the figure.</summary>
    public static string RatioAgainst(double ratio, double bound) => ratio >= bound ? RatioAtLeast(bound) : $"{ratio:0.00}×";

    /// <summary>
    /// The bytes a received buffer holds before the frame's Ethernet header, when it holds any: left from before the
    /// frame (<see cref="EarlierBufferContents"/>), or what the device wrote there.
    /// </summary>
    public const string BeforeFrame = "bytes before the frame";

    /// <summary>
    /// What an RX cell writes at the start of every RX buffer before its frame arrives
    /// (<see cref="Netmap.NetmapPort.FillRxBufferStarts"/>): bytes the device leaves unwritten read back as this.
    /// </summary>
    public static ReadOnlySpan<byte> RxBufferFill => [0xA5, 0x5A, 0xA5, 0x5A, 0xA5, 0x5A, 0xA5, 0x5A, 0xA5, 0x5A, 0xA5, 0x5A, 0xA5, 0x5A, 0xA5, 0x5A, 0xA5, 0x5A, 0xA5, 0x5A];

    public const string EarlierBufferContents = "what the buffer held before the frame";

    /// <summary>"written by the device: 0100": bytes before the frame that are not <see cref="RxBufferFill"/>'s.</summary>
    public static string WrittenBeforeFrame(ReadOnlySpan<byte> bytes) => $"written by the device: {Convert.ToHexString(bytes)}";

    /// <summary>The words for the <paramref name="bytes"/> a buffer held before the frame, judged against <see cref="RxBufferFill"/>.</summary>
    public static string BeforeFrameOf(ReadOnlySpan<byte> bytes) =>
        bytes.Length <= RxBufferFill.Length && bytes.SequenceEqual(RxBufferFill[..bytes.Length]) ? EarlierBufferContents : WrittenBeforeFrame(bytes);

    public const string EthernetFirst = "Ethernet header";
    public const string FrameLength = "frame length";
    public const string NoFrame = "no frame";
    public const string ZeroedHeader = "zeroed";
    public const string AsSent = "as sent";

    /// <summary>"Ethernet header", "virtio-net header (12 bytes), then Ethernet", or "2 bytes, then Ethernet".</summary>
    public static string BytesBeforeEthernet(int count) => count switch
    {
        0 => EthernetFirst,
        VirtioNetHeader.LegacySize or VirtioNetHeader.MergeableSize => $"virtio-net header ({count} bytes), then Ethernet",
        _ => $"{count} bytes, then Ethernet",
    };

    /// <summary>The most bytes looked for before the injected frame's start: a virtio-net header with hash report.</summary>
    private const int MaxBytesBeforeEthernet = VirtioNetHeader.HashReportSize;

    /// <summary>
    /// How many bytes of <paramref name="buffer"/> come before the injected frame's Ethernet header (0 when the buffer
    /// starts with it), or null when the frame's start is not within the first few bytes.
    /// </summary>
    public static int? EthernetOffsetOf(ReadOnlySpan<byte> buffer, ReadOnlySpan<byte> injected)
    {
        var compared = Math.Min(EthernetHeader.Size + 20, injected.Length); // Ethernet + IPv4 header: enough to be sure
        for (var offset = 0; offset <= MaxBytesBeforeEthernet && buffer.Length >= offset + compared; offset++)
            if (buffer.Slice(offset, compared).SequenceEqual(injected[..compared])) return offset;
        return null;
    }

    /// <summary>Where <paramref name="buffer"/> starts, judged against the frame that was injected (<see cref="BytesBeforeEthernet"/>).</summary>
    public static string BufferStartOf(ReadOnlySpan<byte> buffer, ReadOnlySpan<byte> injected) =>
        EthernetOffsetOf(buffer, injected) is { } offset ? BytesBeforeEthernet(offset)
            : $"unrecognised: {Convert.ToHexString(buffer[..Math.Min(16, buffer.Length)])}";

    /// <summary>"as sent", or "first N bytes missing" when the frame arrived without its first bytes.</summary>
    public static string FrameAsSeen(ReadOnlySpan<byte> seen, ReadOnlySpan<byte> sent)
    {
        if (seen.SequenceEqual(sent)) return AsSent;
        for (var missing = 1; missing <= MaxBytesBeforeEthernet && missing < sent.Length; missing++)
            if (seen.SequenceEqual(sent[missing..])) return FirstBytesMissing(missing);
        return $"differs: {seen.Length} B seen, {sent.Length} B sent";
    }

    public static string FirstBytesMissing(int count) => $"first {count} bytes missing";

    /// <summary>"frame length", or the difference to it: "frame + 12", "frame - 4".</summary>
    public static string SlotLengthOf(int slotLength, int frameLength) => FrameLengthPlus(slotLength - frameLength);

    public static string FrameLengthPlus(int difference) =>
        difference == 0 ? FrameLength : $"frame {(difference > 0 ? "+" : "-")} {Math.Abs(difference)}";

    /// <summary>How the TCP/UDP checksum of an Ethernet frame reads (<see cref="ChecksumState"/>).</summary>
    public static string ChecksumOf(ReadOnlySpan<byte> frame) =>
        ParsedFrame.TryParse(frame, out var parsed) ? L4Checksum.Classify(frame, parsed).ToString() : "unparsable";

    public static string HeaderLengthWords(int length) => length == 0 ? "none (0)" : $"{length} bytes";

    /// <summary>A header as the TAP side saw it: "zeroed", or its fields in the kernel's words.</summary>
    public static string TapHeaderOf(VirtioNetHeader header) => header.IsZero ? ZeroedHeader : header.ToString();

    /// <summary>
    /// Records where <paramref name="received"/> starts, its slot length and its checksum state against the frame that
    /// was <paramref name="injected"/>, or <see cref="NoFrame"/> when none came. The checksum is judged on the frame
    /// wherever it starts in the buffer, so a shifted frame still shows its checksum state.
    /// </summary>
    public static void AddReceived(Observation observed, NetmapReceivedFrame? received, ReadOnlySpan<byte> injected)
    {
        if (received is null)
        {
            observed.Aspects[BufferStart] = NoFrame;
            return;
        }
        var buffer = received.LeadingBytes;
        observed.Aspects[BufferStart] = BufferStartOf(buffer, injected);
        observed.Aspects[SlotLength] = SlotLengthOf(received.Length, injected.Length);
        var offset = EthernetOffsetOf(buffer, injected) ?? 0;
        if (offset > 0) observed.Aspects[BeforeFrame] = BeforeFrameOf(buffer.AsSpan(0, offset));
        observed.Aspects[Checksum] = ChecksumOf(buffer.AsSpan(offset, Math.Min(injected.Length, buffer.Length - offset)));
        observed.Notes.Add($"slot {received.Length} B (ring {received.Ring}, slot {received.Slot}, flags {received.Flags}), " +
                           $"first bytes {Convert.ToHexString(buffer.AsSpan(0, Math.Min(24, buffer.Length)))}");
    }

    /// <summary>
    /// The UDP frame a netmap cell injects or sends: its payload is <paramref name="marker"/>, so the frame is told apart
    /// from the neighbours' chatter (IPv6 router solicitations and the like) on the same port.
    /// </summary>
    /// <param name="frameLength">the whole frame's length, the payload zero-padded after the marker; null: just the marker</param>
    internal static byte[] MarkedUdpFrame(FlowEndpoints flow, string marker, L4ChecksumMode checksum, out BuiltFrame built, int? frameLength = null)
    {
        var markerBytes = Encoding.ASCII.GetBytes(marker);
        var headers = FrameBuilder.UdpFrameLength(flow, 0);
        var payload = new byte[frameLength is { } length ? length - headers : markerBytes.Length];
        if (payload.Length < markerBytes.Length)
            throw new ArgumentOutOfRangeException(nameof(frameLength), $"a {frameLength}-byte frame has no room for the {markerBytes.Length}-byte marker");
        markerBytes.CopyTo(payload, 0);
        var frame = new byte[FrameBuilder.UdpFrameLength(flow, payload.Length)];
        built = FrameBuilder.Udp(frame, flow, payload, checksum);
        return frame;
    }

    /// <summary>How long a netmap cell waits for its marked frame, at the port or at the peer.</summary>
    public static readonly TimeSpan FrameWait = TimeSpan.FromSeconds(3);

    /// <summary>How much of a slot a cell reads: more than a marked frame's length, so it compares whole frames, never a prefix.</summary>
    public const int LeadingBytes = 256;

    /// <summary>
    /// The received slot that carries <paramref name="marker"/>, asking <paramref name="receive"/> (given the time
    /// left) until <see cref="FrameWait"/> has passed; other frames (the links' IPv6 and ARP chatter) are passed over.
    /// </summary>
    public static NetmapReceivedFrame? ReceiveMarked(Func<TimeSpan, IReadOnlyList<NetmapReceivedFrame>> receive, string marker)
    {
        var deadline = DateTime.UtcNow + FrameWait;
        for (var left = FrameWait; left > TimeSpan.Zero; left = deadline - DateTime.UtcNow)
            if (receive(left).FirstOrDefault(f => Carries(f.LeadingBytes, marker)) is { } match)
                return match;
        return null;
    }

    /// <summary>
    /// Records how <paramref name="peer"/> (what the port's frames reach: a veth peer, the TAP, a guest's tap0) saw the
    /// marked frame netmap <paramref name="sent"/>: its header under <paramref name="headerAspect"/>, its bytes under
    /// <paramref name="frameAspect"/>, or <see cref="NoFrame"/>.
    /// </summary>
    public static void AddSeen(Observation observed, IFrameSource peer, string marker, ReadOnlySpan<byte> sent, string headerAspect, string frameAspect)
    {
        var seen = peer.ReceiveMatching(f => Carries(f.Bytes, marker), 1, FrameWait).FirstOrDefault();
        if (seen is null)
        {
            observed.Aspects[frameAspect] = NoFrame;
            return;
        }
        observed.Aspects[headerAspect] = seen.Header is { } h ? TapHeaderOf(h) : "none";
        observed.Aspects[frameAspect] = FrameAsSeen(seen.Bytes, sent);
        observed.Notes.Add($"seen: {seen}");
    }

    /// <summary>Whether <paramref name="bytes"/> carry the <paramref name="marker"/> of <see cref="MarkedUdpFrame"/>.</summary>
    internal static bool Carries(ReadOnlySpan<byte> bytes, string marker) => bytes.IndexOf(Encoding.ASCII.GetBytes(marker)) >= 0;
}
