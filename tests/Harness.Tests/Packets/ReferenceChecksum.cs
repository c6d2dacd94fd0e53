namespace Vnetconf.Harness.Tests.Packets;

/// <summary>
/// The oracle for <c>InternetChecksum</c>: RFC 1071 written as plainly as possible, one big-endian word at a time,
/// with none of the production code's vector or byte-order tricks.
/// </summary>
internal static class ReferenceChecksum
{
    public static ushort Sum(ReadOnlySpan<byte> data, ushort seed = 0)
    {
        long sum = seed;
        for (int i = 0; i < data.Length; i += 2)
        {
            int high = data[i];
            int low = i + 1 < data.Length ? data[i + 1] : 0;
            sum += (high << 8) | low;
        }
        while (sum > 0xFFFF)
            sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)sum;
    }

    /// <summary>The pseudo-header laid out byte by byte as the RFCs draw it, then summed.</summary>
    public static ushort PseudoHeaderSum(byte[] source, byte[] destination, byte protocol, int l4Length)
    {
        var header = new List<byte>();
        header.AddRange(source);
        header.AddRange(destination);
        if (source.Length == 4)
        {
            header.AddRange([0, protocol, (byte)(l4Length >> 8), (byte)l4Length]);
        }
        else
        {
            header.AddRange([(byte)(l4Length >> 24), (byte)(l4Length >> 16), (byte)(l4Length >> 8), (byte)l4Length]);
            header.AddRange([0, 0, 0, protocol]);
        }
        return Sum(header.ToArray());
    }
}
