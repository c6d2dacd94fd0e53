using System.Buffers.Binary;
using Vnetconf.Model;
using Vnetconf.Packets;

namespace Vnetconf.Scenarios;

/// <summary>
/// Where a frame that nobody received was lost, in the words both the catalogue and the probes use: the lab counter
/// that counts the loss and how far it moved, and the Ethernet header the kernel read from the TAP write.
/// </summary>
internal static class DropAspects
{
    /// <summary>The counter that proves a drop, and its movement: "far Udp.InCsumErrors +1".</summary>
    public const string Counter = "drop counter";

    /// <summary>The frame the bridge received from tap0, as the kernel parsed the write: "250 B to 6e:63:00:02:02:76 type 0x4500".</summary>
    public const string TapFrame = "frame from tap0";

    /// <summary><paramref name="counter"/> (a <see cref="LabCounters"/> name) and its delta, signed.</summary>
    public static string CounterWords(string counter, long delta) => $"{counter} {delta:+0;-0}";

    /// <summary>The frame's length, destination MAC and EtherType (or 802.3 length), read where the kernel reads them.</summary>
    public static string FrameWords(ReadOnlySpan<byte> frame) =>
        frame.Length < EthernetHeader.Size
            ? $"{frame.Length} B"
            : $"{frame.Length} B to {MacAddress.Read(frame)} type 0x{BinaryPrimitives.ReadUInt16BigEndian(frame[12..]):x4}";
}

/// <summary>
/// A documented drop: the <see cref="LabCounters"/> counter that counts it, by how much it moves for one frame,
/// why it is that counter, and the kernel function that counts it (or, at +0, frees the frame without counting).
/// </summary>
internal sealed record DropCounter(string Counter, int Delta, string Reason, string Source)
{
    public string Expected => DropAspects.CounterWords(Counter, Delta);

    public string Observed(CounterDeltas deltas) => DropAspects.CounterWords(Counter, deltas[Counter]);
}
