using Vnetconf.Packets;

namespace Vnetconf.Scenarios;

/// <summary>
/// The canonical words for what a netmap port showed, used by the observations and by
/// <see cref="NetmapGuestExpectations"/> alike, so the two compare as strings.
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

    public const string EthernetFirst = "Ethernet header";
    public const string FrameLength = "frame length";
    public const string NoFrame = "no frame";
    public const string ZeroedHeader = "zeroed";
    public const string AsSent = "as sent";

    public static string VirtioHeaderFirst(int size) => $"virtio-net header ({size} bytes), then Ethernet";

    /// <summary>
    /// Where <paramref name="buffer"/> starts, judged against the frame that was injected: at its Ethernet header, or
    /// after a 10- or 12-byte virtio-net header; anything else is shown as its first bytes.
    /// </summary>
    public static string BufferStartOf(ReadOnlySpan<byte> buffer, ReadOnlySpan<byte> injected)
    {
        var compared = Math.Min(EthernetHeader.Size + 20, injected.Length); // Ethernet + IPv4 header: enough to be sure
        if (buffer.Length >= compared && buffer[..compared].SequenceEqual(injected[..compared])) return EthernetFirst;
        foreach (var size in new[] { VirtioNetHeader.LegacySize, VirtioNetHeader.MergeableSize })
            if (buffer.Length >= size + compared && buffer.Slice(size, compared).SequenceEqual(injected[..compared])) return VirtioHeaderFirst(size);
        return $"unrecognised: {Convert.ToHexString(buffer[..Math.Min(16, buffer.Length)])}";
    }

    /// <summary>"frame length", or the difference to it: "frame + 12", "frame - 4".</summary>
    public static string SlotLengthOf(int slotLength, int frameLength) =>
        slotLength == frameLength ? FrameLength : $"frame {(slotLength > frameLength ? "+" : "-")} {Math.Abs(slotLength - frameLength)}";

    /// <summary>How the TCP/UDP checksum of an Ethernet frame reads (<see cref="ChecksumState"/>).</summary>
    public static string ChecksumOf(ReadOnlySpan<byte> frame) =>
        ParsedFrame.TryParse(frame, out var parsed) ? L4Checksum.Classify(frame, parsed).ToString() : "unparsable";

    public static string HeaderLengthWords(int length) => length == 0 ? "none (0)" : $"{length} bytes";

    /// <summary>A header as the TAP side saw it: "zeroed", or its fields in the kernel's words.</summary>
    public static string TapHeaderOf(VirtioNetHeader header) => header.IsZero ? ZeroedHeader : header.ToString();
}
