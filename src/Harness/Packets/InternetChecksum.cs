using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Vnetconf.Packets;

/// <summary>
/// The Internet checksum (RFC 1071): the one's-complement sum of 16-bit big-endian words.
/// <para>
/// Every value this class takes or returns is a 16-bit number in network-order semantics: the sum of the bytes
/// read as big-endian words, exactly what a checksum field holds after <c>ntohs</c>. A <em>sum</em> is folded
/// but not inverted (what the kernel stores in the check field of a <c>CHECKSUM_PARTIAL</c> packet); a
/// <em>checksum</em> is the inverted sum (what a complete packet carries).
/// </para>
/// <para>
/// The bulk loop is vectorised. It adds the data as native-endian words and swaps the folded result once at the
/// end, which is valid because the one's-complement sum commutes with byte swapping (RFC 1071 §2(B)).
/// </para>
/// </summary>
public static class InternetChecksum
{
    /// <summary>
    /// Adds <paramref name="data"/> to <paramref name="seed"/> as big-endian 16-bit words and returns the folded,
    /// non-inverted sum. An odd trailing byte counts as the high byte of a word padded with zero.
    /// </summary>
    /// <remarks>
    /// Chaining (<c>Sum(b, Sum(a))</c>) equals <c>Sum(a‖b)</c> only when <c>a</c> has an even length, because the
    /// words of <c>b</c> must start on a word boundary of the whole.
    /// </remarks>
    public static ushort Sum(ReadOnlySpan<byte> data, ushort seed = 0)
    {
        ulong nativeSum = NativeWordSum(data) + SwapIfLittleEndian(seed);
        return SwapIfLittleEndian(Fold(nativeSum));
    }

    /// <summary>The checksum to store in a header: the inverted <see cref="Sum"/> of <paramref name="data"/>.</summary>
    public static ushort Compute(ReadOnlySpan<byte> data) => (ushort)~Sum(data);

    /// <summary>One's-complement addition of two folded sums.</summary>
    public static ushort Add(ushort left, ushort right) => Fold((ulong)left + right);

    /// <summary>
    /// Folds a wide accumulator of 16- or 32-bit words into 16 bits with end-around carry. Zero stays zero; any
    /// other multiple of 0xFFFF becomes 0xFFFF (one's-complement "negative zero").
    /// </summary>
    public static ushort Fold(ulong sum)
    {
        sum = (sum & 0xFFFF_FFFF) + (sum >> 32);
        sum = (sum & 0xFFFF_FFFF) + (sum >> 32);
        uint narrow = (uint)sum;
        narrow = (narrow & 0xFFFF) + (narrow >> 16);
        narrow = (narrow & 0xFFFF) + (narrow >> 16);
        return (ushort)narrow;
    }

    /// <summary>
    /// The folded, non-inverted sum of the TCP/UDP pseudo-header: the IPv4 one (RFC 793/768: source, destination,
    /// zero, protocol, 16-bit length) or the IPv6 one (RFC 8200 §8.1: source, destination, 32-bit length, zeros,
    /// next header), chosen by the addresses' family. This is the value the kernel leaves in the check field of a
    /// <c>CHECKSUM_PARTIAL</c> packet.
    /// </summary>
    /// <param name="l4Length">The transport header plus payload length, as the IP header states it.</param>
    /// <exception cref="ArgumentException">The addresses are of different families.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The length is negative, or above 65535 for IPv4.</exception>
    public static ushort PseudoHeaderSum(in IPAddressBytes source, in IPAddressBytes destination, IPProtocol protocol, int l4Length)
    {
        if (source.IsIPv6 != destination.IsIPv6)
            ThrowMixedFamilies();
        ArgumentOutOfRangeException.ThrowIfNegative(l4Length);
        if (!source.IsIPv6)
            ArgumentOutOfRangeException.ThrowIfGreaterThan(l4Length, ushort.MaxValue); // a 16-bit field in the IPv4 layout

        // Both layouts reduce to the same words: every 16-bit half of the addresses, the protocol number and the
        // length (the IPv6 32-bit length contributes both its halves). 32-bit pieces are congruent to their 16-bit
        // halves modulo 0xFFFF, so adding them whole and folding once is exact.
        ulong sum = WordsOf(source.High) + WordsOf(source.Low) + WordsOf(destination.High) + WordsOf(destination.Low)
            + (ulong)protocol + (uint)l4Length;
        return Fold(sum);

        static ulong WordsOf(ulong value) => (value & 0xFFFF_FFFF) + (value >> 32);
    }

    /// <summary>Converts a word between network-order and native-order meaning (in either direction).</summary>
    private static ushort SwapIfLittleEndian(ushort value) =>
        BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(value) : value;

    /// <summary>Sum of the data's native-endian 16-bit words, unfolded (congruent modulo 0xFFFF).</summary>
    private static ulong NativeWordSum(ReadOnlySpan<byte> data)
    {
        ref byte start = ref MemoryMarshal.GetReference(data);
        nuint length = (nuint)data.Length;
        nuint offset = 0;
        ulong sum = 0;

        if (Vector256.IsHardwareAccelerated)
            sum += Vector256WordSum(ref start, length, ref offset);
        if (Vector128.IsHardwareAccelerated)
            sum += Vector128WordSum(ref start, length, ref offset);

        for (; length - offset >= 8; offset += 8)
        {
            ulong word = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, offset));
            sum += (word & 0xFFFF_FFFF) + (word >> 32);
        }
        if (length - offset >= 4)
        {
            sum += Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref start, offset));
            offset += 4;
        }
        if (length - offset >= 2)
        {
            sum += Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref start, offset));
            offset += 2;
        }
        if (offset < length)
        {
            // The odd byte is the first (high, in network order) byte of a zero-padded word.
            uint last = Unsafe.Add(ref start, offset);
            sum += BitConverter.IsLittleEndian ? last : last << 8;
        }
        return sum;
    }

    // Each 32-bit lane adds its two 16-bit halves, at most 2 × 0xFFFF per step, so a lane can take 32768 steps
    // before it could overflow; the accumulators are widened into the 64-bit total well before that.
    private const int StepsBetweenWidening = 16384;

    private static ulong Vector256WordSum(ref byte start, nuint length, ref nuint offset)
    {
        const int VectorBytes = 32, UnrolledBytes = 4 * VectorBytes;
        var halfMask = Vector256.Create(0xFFFFu);
        ulong total = 0;
        while (length - offset >= UnrolledBytes)
        {
            Vector256<uint> a0 = default, a1 = default, a2 = default, a3 = default;
            for (int steps = 0; steps < StepsBetweenWidening && length - offset >= UnrolledBytes; steps++, offset += UnrolledBytes)
            {
                var v0 = Vector256.LoadUnsafe(ref start, offset).AsUInt32();
                var v1 = Vector256.LoadUnsafe(ref start, offset + VectorBytes).AsUInt32();
                var v2 = Vector256.LoadUnsafe(ref start, offset + 2 * VectorBytes).AsUInt32();
                var v3 = Vector256.LoadUnsafe(ref start, offset + 3 * VectorBytes).AsUInt32();
                a0 += (v0 & halfMask) + (v0 >>> 16);
                a1 += (v1 & halfMask) + (v1 >>> 16);
                a2 += (v2 & halfMask) + (v2 >>> 16);
                a3 += (v3 & halfMask) + (v3 >>> 16);
            }
            total += Widened(a0) + Widened(a1) + Widened(a2) + Widened(a3);
        }
        for (; length - offset >= VectorBytes; offset += VectorBytes)
        {
            var v = Vector256.LoadUnsafe(ref start, offset).AsUInt32();
            total += Widened((v & halfMask) + (v >>> 16));
        }
        return total;

        static ulong Widened(Vector256<uint> lanes) =>
            Vector256.Sum(Vector256.WidenLower(lanes)) + Vector256.Sum(Vector256.WidenUpper(lanes));
    }

    private static ulong Vector128WordSum(ref byte start, nuint length, ref nuint offset)
    {
        const int VectorBytes = 16;
        var halfMask = Vector128.Create(0xFFFFu);
        ulong total = 0;
        while (length - offset >= VectorBytes)
        {
            Vector128<uint> accumulator = default;
            for (int steps = 0; steps < StepsBetweenWidening && length - offset >= VectorBytes; steps++, offset += VectorBytes)
            {
                var v = Vector128.LoadUnsafe(ref start, offset).AsUInt32();
                accumulator += (v & halfMask) + (v >>> 16);
            }
            total += Vector128.Sum(Vector128.WidenLower(accumulator)) + Vector128.Sum(Vector128.WidenUpper(accumulator));
        }
        return total;
    }

    private static void ThrowMixedFamilies() =>
        throw new ArgumentException("The pseudo-header needs two addresses of the same family.");
}
