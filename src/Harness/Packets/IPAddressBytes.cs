using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace Vnetconf.Packets;

/// <summary>
/// An IPv4 or IPv6 address held by value, so that parsed frames can carry, compare, hash and format addresses
/// without allocating (unlike <see cref="IPAddress"/>, a class). Convert with <see cref="From"/> and
/// <see cref="ToIPAddress"/> at the edges, where an allocation does not matter.
/// </summary>
/// <remarks>
/// <see cref="ToString()"/> and <see cref="TryFormat"/> produce the same text as <see cref="IPAddress.ToString"/>
/// (RFC 5952 compression, lower case, the embedded dotted quad for IPv4-mapped, -compatible, SIIT and ISATAP
/// forms), so reports read the same whichever type produced them. The default value is IPv4 0.0.0.0.
/// </remarks>
public readonly struct IPAddressBytes : IEquatable<IPAddressBytes>, ISpanFormattable
{
    /// <summary>Bytes of an IPv4 address.</summary>
    public const int IPv4Length = 4;

    /// <summary>Bytes of an IPv6 address.</summary>
    public const int IPv6Length = 16;

    /// <summary>Room for any address <see cref="TryFormat"/> writes: INET6_ADDRSTRLEN less its terminating NUL.</summary>
    public const int MaxFormattedLength = 45;

    private IPAddressBytes(ulong high, ulong low, bool isIPv6)
    {
        High = high;
        Low = low;
        IsIPv6 = isIPv6;
    }

    /// <summary>True for an IPv6 address, false for IPv4.</summary>
    public bool IsIPv6 { get; }

    /// <summary>The address's family, as the socket APIs name it.</summary>
    public AddressFamily Family => IsIPv6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;

    /// <summary>The address's length in bytes: 4 or 16.</summary>
    public int Length => IsIPv6 ? IPv6Length : IPv4Length;

    /// <summary>Bytes 0–7 of an IPv6 address read big-endian; zero for IPv4.</summary>
    internal ulong High { get; }

    /// <summary>Bytes 8–15 of an IPv6 address, or the 4 bytes of an IPv4 address, read big-endian.</summary>
    internal ulong Low { get; }

    /// <summary>An IPv4 address from its 4 bytes in network order.</summary>
    public static IPAddressBytes FromIPv4(ReadOnlySpan<byte> bytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bytes.Length, IPv4Length, nameof(bytes));
        return new IPAddressBytes(0, BinaryPrimitives.ReadUInt32BigEndian(bytes), isIPv6: false);
    }

    /// <summary>An IPv6 address from its 16 bytes in network order.</summary>
    public static IPAddressBytes FromIPv6(ReadOnlySpan<byte> bytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bytes.Length, IPv6Length, nameof(bytes));
        return new IPAddressBytes(
            BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]), isIPv6: true);
    }

    /// <summary>The same address as an <see cref="IPAddress"/>; its scope id, if any, is dropped.</summary>
    /// <exception cref="ArgumentException">The address is neither IPv4 nor IPv6.</exception>
    public static IPAddressBytes From(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        Span<byte> bytes = stackalloc byte[IPv6Length];
        if (!address.TryWriteBytes(bytes, out int written))
            throw new ArgumentException($"Not an IPv4 or IPv6 address: {address}", nameof(address));
        return written == IPv4Length ? FromIPv4(bytes) : FromIPv6(bytes);
    }

    /// <summary>Parses an address written as <see cref="IPAddress.Parse(string)"/> accepts it. Meant for set-up code.</summary>
    public static IPAddressBytes Parse(string text) => From(IPAddress.Parse(text));

    /// <summary>Writes the address's <see cref="Length"/> bytes in network order and returns that length.</summary>
    public int WriteTo(Span<byte> destination)
    {
        if (IsIPv6)
        {
            BinaryPrimitives.WriteUInt64BigEndian(destination, High);
            BinaryPrimitives.WriteUInt64BigEndian(destination[8..], Low);
            return IPv6Length;
        }
        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)Low);
        return IPv4Length;
    }

    /// <summary>The same address as a (newly allocated) <see cref="IPAddress"/>.</summary>
    public IPAddress ToIPAddress()
    {
        Span<byte> bytes = stackalloc byte[IPv6Length];
        int length = WriteTo(bytes);
        return new IPAddress(bytes[..length]);
    }

    /// <inheritdoc/>
    public bool Equals(IPAddressBytes other) => High == other.High && Low == other.Low && IsIPv6 == other.IsIPv6;

    /// <inheritdoc/>
    public override bool Equals([NotNullWhen(true)] object? obj) => obj is IPAddressBytes other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(High, Low, IsIPv6);

    /// <summary>Equality of family and bytes.</summary>
    public static bool operator ==(IPAddressBytes left, IPAddressBytes right) => left.Equals(right);

    /// <summary>Inequality of family or bytes.</summary>
    public static bool operator !=(IPAddressBytes left, IPAddressBytes right) => !left.Equals(right);

    /// <inheritdoc/>
    public override string ToString()
    {
        Span<char> text = stackalloc char[MaxFormattedLength];
        TryFormat(text, out int written);
        return new string(text[..written]);
    }

    /// <inheritdoc/>
    string IFormattable.ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <summary>Formats the address as <see cref="IPAddress.ToString"/> would, without allocating.</summary>
    public bool TryFormat(Span<char> destination, out int charsWritten)
    {
        Span<char> text = stackalloc char[MaxFormattedLength];
        int length = IsIPv6 ? FormatIPv6(text) : FormatIPv4((uint)Low, text);
        if (!text[..length].TryCopyTo(destination))
        {
            charsWritten = 0;
            return false;
        }
        charsWritten = length;
        return true;
    }

    /// <inheritdoc/>
    bool ISpanFormattable.TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider) =>
        TryFormat(destination, out charsWritten);

    private static int FormatIPv4(uint address, Span<char> text)
    {
        int position = 0;
        for (int shift = 24; shift >= 0; shift -= 8)
        {
            if (shift != 24)
                text[position++] = '.';
            ((byte)(address >> shift)).TryFormat(text[position..], out int digits);
            position += digits;
        }
        return position;
    }

    private int FormatIPv6(Span<char> text)
    {
        Span<ushort> words = stackalloc ushort[8];
        for (int i = 0; i < 4; i++)
        {
            words[i] = (ushort)(High >> (48 - 16 * i));
            words[i + 4] = (ushort)(Low >> (48 - 16 * i));
        }
        if (!HasEmbeddedIPv4(words))
            return FormatWords(words, text);

        int position = FormatWords(words[..6], text);
        if (text[position - 1] != ':')
            text[position++] = ':';
        return position + FormatIPv4((uint)Low, text[position..]);
    }

    /// <summary>The forms <see cref="IPAddress"/> prints with a dotted quad in the last 32 bits.</summary>
    private static bool HasEmbeddedIPv4(ReadOnlySpan<ushort> words)
    {
        bool zeroPrefix = words[0] == 0 && words[1] == 0 && words[2] == 0 && words[3] == 0 && words[6] != 0;
        bool compatibleOrMapped = words[4] == 0 && (words[5] == 0 || words[5] == 0xFFFF);
        bool siit = words[4] == 0xFFFF && words[5] == 0;
        bool isatap = words[4] == 0 && words[5] == 0x5EFE;
        return (zeroPrefix && (compatibleOrMapped || siit)) || isatap;
    }

    /// <summary>Hex words separated by colons, with the longest run (leftmost on a tie) of two or more zero words as "::".</summary>
    private static int FormatWords(ReadOnlySpan<ushort> words, Span<char> text)
    {
        int runStart = -1, runLength = 0;
        for (int i = 0, current = 0; i < words.Length; i++)
        {
            current = words[i] == 0 ? current + 1 : 0;
            if (current > runLength)
            {
                runLength = current;
                runStart = i - current + 1;
            }
        }
        if (runLength < 2)
            runStart = -1;

        int position = 0;
        for (int i = 0; i < words.Length; i++)
        {
            if (i == runStart)
            {
                text[position++] = ':';
                text[position++] = ':';
                i += runLength - 1;
                continue;
            }
            if (i != 0 && text[position - 1] != ':')
                text[position++] = ':';
            words[i].TryFormat(text[position..], out int digits, "x");
            position += digits;
        }
        return position;
    }
}
