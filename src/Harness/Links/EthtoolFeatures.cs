using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Vnetconf.Links;

/// <summary>
/// A device's feature bits by their kernel names (ETH_SS_FEATURES: "tx-checksum-ip-generic", "tx-tcp-segmentation", …).
/// Bit positions differ between kernels, so the names are the key; <see cref="Names"/> keeps the kernel's bit order.
/// </summary>
public sealed class EthtoolFeatures : IReadOnlyDictionary<string, EthtoolFeatureState>
{
    private readonly Dictionary<string, int> indexes = new(StringComparer.Ordinal);
    private readonly EthtoolFeatureState[] states;

    internal EthtoolFeatures(IReadOnlyList<string> names, EthtoolFeatureState[] states)
    {
        Names = names;
        this.states = states;
        for (var bit = 0; bit < names.Count; bit++)
        {
            // An unnamed bit cannot be asked for by name; a repeated name (never seen) keeps its first bit.
            if (names[bit].Length > 0) indexes.TryAdd(names[bit], bit);
        }
    }

    /// <summary>Every feature name, at its bit index.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>How many 32-bit blocks the kernel's feature words take (ETHTOOL_SFEATURES wants exactly this many).</summary>
    internal int BlockCount => (Names.Count + 31) / 32;

    public EthtoolFeatureState this[string key] =>
        indexes.TryGetValue(key, out var bit) ? states[bit] : throw new KeyNotFoundException($"no feature named '{key}'");

    public IEnumerable<string> Keys => indexes.Keys;

    public IEnumerable<EthtoolFeatureState> Values => indexes.Values.Select(bit => states[bit]);

    public int Count => indexes.Count;

    public bool ContainsKey(string key) => indexes.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out EthtoolFeatureState value)
    {
        var found = indexes.TryGetValue(key, out var bit);
        value = found ? states[bit] : default;
        return found;
    }

    public IEnumerator<KeyValuePair<string, EthtoolFeatureState>> GetEnumerator() =>
        indexes.Select(pair => KeyValuePair.Create(pair.Key, states[pair.Value])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The bit index of a feature name, or -1.</summary>
    internal int IndexOf(string name) => indexes.TryGetValue(name, out var bit) ? bit : -1;
}
