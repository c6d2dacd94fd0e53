using System.Globalization;
using System.Text.RegularExpressions;

namespace Vnetconf.Netmap;

/// <summary>One slot as netmap's pkt-gen printed it with <c>-X</c>: where it was, its flags and length, and its bytes.</summary>
/// <param name="Ring">the ring's address in pkt-gen's mapping, as printed (only tells rings apart)</param>
/// <param name="Length">the length pkt-gen dumped: the slot's len</param>
public sealed record PktGenSlot(string Ring, int Cur, int BufferIndex, int Flags, int Length, byte[] Bytes);

/// <summary>
/// Reads the slots out of pkt-gen's standard output. With <c>-X</c>, pkt-gen's <c>dump_payload()</c>
/// (apps/pkt-gen/pkt-gen.c) prints, for every slot it receives or sends,
/// <c>ring %p cur %5d [buf %6d flags 0x%04x len %5d]</c> and then the slot's <c>len</c> bytes, 16 per line, each line
/// <c>%5d: </c> (the offset) followed by <c>%02x </c> per byte and, on full lines, the bytes as ASCII. Every other line
/// (pkt-gen's banner and statistics) is passed over.
/// </summary>
public static partial class PktGenDump
{
    private const int BytesPerLine = 16;

    /// <exception cref="FormatException">a slot's bytes are incomplete, out of order or not hexadecimal</exception>
    public static IReadOnlyList<PktGenSlot> Parse(string stdout)
    {
        var slots = new List<PktGenSlot>();
        (Match Header, List<byte> Bytes)? current = null;

        void Close()
        {
            if (current is not { } open) return;
            var length = Number(open.Header.Groups["len"].Value);
            if (open.Bytes.Count != length)
                throw new FormatException($"pkt-gen's dump of slot {open.Header.Groups["cur"].Value} holds {open.Bytes.Count} of its {length} bytes");
            slots.Add(new PktGenSlot(open.Header.Groups["ring"].Value, Number(open.Header.Groups["cur"].Value), Number(open.Header.Groups["buf"].Value),
                int.Parse(open.Header.Groups["flags"].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture), length, [.. open.Bytes]));
            current = null;
        }

        foreach (var line in stdout.Split('\n'))
        {
            var text = line.TrimEnd('\r');
            if (SlotHeader().Match(text) is { Success: true } header)
            {
                Close();
                current = (header, []);
                continue;
            }
            if (current is not { } open || DataLine().Match(text) is not { Success: true } data)
            {
                Close();
                continue;
            }
            var offset = Number(data.Groups["offset"].Value);
            var length = Number(open.Header.Groups["len"].Value);
            if (offset != open.Bytes.Count)
                throw new FormatException($"pkt-gen's dump of slot {open.Header.Groups["cur"].Value} jumps to offset {offset} after {open.Bytes.Count} bytes");
            var hex = text[(data.Index + data.Length)..];
            var count = Math.Min(BytesPerLine, length - offset);
            for (var i = 0; i < count; i++)
            {
                // "%02x " per byte: byte i is at 3*i; on a full line the ASCII column follows the last one.
                if (hex.Length < 3 * i + 2 || !byte.TryParse(hex.AsSpan(3 * i, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var value))
                    throw new FormatException($"pkt-gen's dump line '{text}' does not hold {count} hexadecimal bytes");
                open.Bytes.Add(value);
            }
        }
        Close();
        return slots;
    }

    private static int Number(string digits) => int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^ring (?<ring>\S+) cur\s+(?<cur>\d+) \[buf\s+(?<buf>\d+) flags 0x(?<flags>[0-9a-fA-F]+) len\s+(?<len>\d+)\]$")]
    private static partial Regex SlotHeader();

    [GeneratedRegex(@"^\s*(?<offset>\d+): ")]
    private static partial Regex DataLine();
}
