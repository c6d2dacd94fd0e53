using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Vnetconf.Packets;

/// <summary>A 48-bit Ethernet (EUI-48) address held by value, written "02:00:00:00:00:01".</summary>
public readonly struct MacAddress : IEquatable<MacAddress>, ISpanFormattable
{
    /// <summary>Bytes of an Ethernet address.</summary>
    public const int Length = 6;

    /// <summary>Characters of the formatted address.</summary>
    public const int FormattedLength = 17;

    private const ulong AllBits = 0xFFFF_FFFF_FFFF;
    private const ulong MulticastBit = 0x01UL << 40, LocallyAdministeredBit = 0x02UL << 40;

    /// <summary>The address as a 48-bit big-endian number: the first byte on the wire is bits 40–47.</summary>
    private readonly ulong value;

    private MacAddress(ulong value) => this.value = value & AllBits;

    /// <summary>ff:ff:ff:ff:ff:ff.</summary>
    public static MacAddress Broadcast => new(AllBits);

    /// <summary>True when the group bit (the lowest bit of the first byte) is set; broadcast included.</summary>
    public bool IsMulticast => (value & MulticastBit) != 0;

    /// <summary>True when the U/L bit (bit 1 of the first byte) marks the address as locally administered.</summary>
    public bool IsLocallyAdministered => (value & LocallyAdministeredBit) != 0;

    /// <summary>
    /// A locally administered unicast address, 02:00 followed by <paramref name="index"/> as 4 big-endian bytes:
    /// distinct for distinct indexes, never a vendor's address, never multicast.
    /// </summary>
    public static MacAddress LocallyAdministered(int index) => new(LocallyAdministeredBit | (uint)index);

    /// <summary>Reads 6 bytes in wire order.</summary>
    public static MacAddress Read(ReadOnlySpan<byte> source)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(source.Length, Length, nameof(source));
        return new(((ulong)BinaryPrimitives.ReadUInt16BigEndian(source) << 32) | BinaryPrimitives.ReadUInt32BigEndian(source[2..]));
    }

    /// <summary>Writes the 6 bytes in wire order and returns <see cref="Length"/>.</summary>
    public int WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)(value >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(destination[2..], (uint)value);
        return Length;
    }

    /// <summary>Parses six two-digit hex bytes separated by ':' or '-', in either case.</summary>
    /// <exception cref="FormatException">The text is not such an address.</exception>
    public static MacAddress Parse(ReadOnlySpan<char> text) =>
        TryParse(text, out var address) ? address : throw new FormatException($"Not a MAC address: '{text}'");

    /// <summary>Parses six two-digit hex bytes separated by ':' or '-', in either case.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out MacAddress address)
    {
        address = default;
        if (text.Length != FormattedLength)
            return false;
        ulong parsed = 0;
        for (int i = 0; i < Length; i++)
        {
            int at = 3 * i;
            if (i > 0 && text[at - 1] is not (':' or '-'))
                return false;
            if (!byte.TryParse(text.Slice(at, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out byte octet))
                return false;
            parsed = (parsed << 8) | octet;
        }
        address = new MacAddress(parsed);
        return true;
    }

    /// <inheritdoc/>
    public bool Equals(MacAddress other) => value == other.value;

    /// <inheritdoc/>
    public override bool Equals([NotNullWhen(true)] object? obj) => obj is MacAddress other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => value.GetHashCode();

    /// <summary>Equality of the 6 bytes.</summary>
    public static bool operator ==(MacAddress left, MacAddress right) => left.Equals(right);

    /// <summary>Inequality of the 6 bytes.</summary>
    public static bool operator !=(MacAddress left, MacAddress right) => !left.Equals(right);

    /// <summary>Lower-case hex bytes separated by colons.</summary>
    public override string ToString() => string.Create(FormattedLength, value, (text, bits) => Format(bits, text));

    /// <inheritdoc/>
    string IFormattable.ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <summary>Formats as <see cref="ToString()"/> does, without allocating.</summary>
    public bool TryFormat(Span<char> destination, out int charsWritten)
    {
        if (destination.Length < FormattedLength)
        {
            charsWritten = 0;
            return false;
        }
        Format(value, destination);
        charsWritten = FormattedLength;
        return true;
    }

    /// <inheritdoc/>
    bool ISpanFormattable.TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider) =>
        TryFormat(destination, out charsWritten);

    private static void Format(ulong bits, Span<char> text)
    {
        for (int i = 0; i < Length; i++)
        {
            byte octet = (byte)(bits >> (40 - 8 * i));
            int at = 3 * i;
            if (i > 0)
                text[at - 1] = ':';
            text[at] = HexDigit(octet >> 4);
            text[at + 1] = HexDigit(octet & 0xF);
        }

        static char HexDigit(int nibble) => (char)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
    }
}
