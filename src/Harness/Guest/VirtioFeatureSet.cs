namespace Vnetconf.Guest;

/// <summary>
/// The feature bits of a virtio device as a set. Parsed from the guest's <c>/sys/bus/virtio/devices/N/features</c>,
/// where character i is bit i ('0' or '1', least significant first): 64 characters before Linux 6.17, 128
/// (VIRTIO_FEATURES_MAX) since (drivers/virtio/virtio.c: features_show).
/// </summary>
public readonly record struct VirtioFeatureSet(UInt128 Bits)
{
    /// <summary>The most bits any kernel shows so far.</summary>
    public const int MaxBits = 128;

    /// <exception cref="FormatException">a character other than '0' or '1', or more than <see cref="MaxBits"/> of them</exception>
    public static VirtioFeatureSet Parse(string sysfsFeatures)
    {
        var text = sysfsFeatures.TrimEnd('\n');
        if (text.Length > MaxBits)
            throw new FormatException($"a virtio feature string has at most {MaxBits} characters; this one has {text.Length}");
        UInt128 bits = 0;
        for (var i = 0; i < text.Length; i++)
        {
            bits |= text[i] switch
            {
                '0' => UInt128.Zero,
                '1' => UInt128.One << i,
                _ => throw new FormatException($"character {i} of the virtio feature string is '{text[i]}', not '0' or '1'"),
            };
        }
        return new VirtioFeatureSet(bits);
    }

    public static VirtioFeatureSet Of(params IEnumerable<VirtioNetFeature> features) =>
        new(features.Aggregate(UInt128.Zero, (bits, feature) => bits | UInt128.One << (int)feature));

    public bool Has(VirtioNetFeature feature) => (Bits >> (int)feature & UInt128.One) != 0;

    /// <summary>The set bits, lowest first.</summary>
    public IEnumerable<int> BitIndexes()
    {
        for (var i = 0; i < MaxBits; i++)
            if ((Bits >> i & UInt128.One) != 0) yield return i;
    }

    public VirtioFeatureSet Except(VirtioFeatureSet other) => new(Bits & ~other.Bits);

    public VirtioFeatureSet Intersect(VirtioFeatureSet other) => new(Bits & other.Bits);

    /// <summary>The set bits by their VIRTIO_NET_F / VIRTIO_F names, unknown bits as "bit N".</summary>
    public override string ToString() =>
        BitIndexes().Any()
            ? string.Join(" ", BitIndexes().Select(i => Enum.IsDefined((VirtioNetFeature)i) ? ((VirtioNetFeature)i).ToString() : $"bit{i}"))
            : "(none)";
}
