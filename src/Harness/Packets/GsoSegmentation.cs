namespace Vnetconf.Packets;

/// <summary>
/// The arithmetic of GSO/TSO/USO segmentation (<c>skb_segment</c>): a super-frame's payload is cut into
/// <c>gso_size</c> pieces, the last one shorter when the payload is not a multiple. For example 40000 bytes at
/// gso_size 1448 make 27 segments of 1448 and one of 904 (IPv4 total lengths 27 × 1488 and 944).
/// </summary>
public static class GsoSegmentation
{
    /// <summary>How many segments <paramref name="payloadLength"/> bytes make at <paramref name="gsoSize"/> each (at least 1).</summary>
    public static int SegmentCount(int payloadLength, int gsoSize)
    {
        Validate(payloadLength, gsoSize);
        return Math.Max(1, (payloadLength + gsoSize - 1) / gsoSize);
    }

    /// <summary>The payload of the last segment: <paramref name="gsoSize"/> when it divides the payload evenly.</summary>
    public static int LastSegmentPayloadLength(int payloadLength, int gsoSize)
    {
        Validate(payloadLength, gsoSize);
        int remainder = payloadLength % gsoSize;
        return remainder == 0 && payloadLength > 0 ? gsoSize : remainder;
    }

    private static void Validate(int payloadLength, int gsoSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(payloadLength);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(gsoSize);
    }
}
