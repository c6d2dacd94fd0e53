namespace Vnetconf.Links;

/// <summary>
/// The legacy names <c>ethtool -k/-K</c> shows and accepts for groups of feature bits ("tx-checksumming",
/// "tcp-segmentation-offload", …), with the kernel feature names each stands for.
/// <para>
/// A group is a pattern over kernel names, as in ethtool's own <c>off_flag_def</c> table (common.c): so it follows
/// the kernel as features are added, e.g. "tcp-segmentation-offload" takes in tx-tcp-accecn-segmentation on kernels
/// that have it, as ethtool does.
/// </para>
/// </summary>
public static class EthtoolFeatureGroups
{
    /// <summary>Group name → pattern of kernel feature names ('*' matches any run of characters), from ethtool's off_flag_def.</summary>
    public static IReadOnlyDictionary<string, string> Patterns { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["rx-checksumming"] = "rx-checksum",
        ["tx-checksumming"] = "tx-checksum-*",
        ["scatter-gather"] = "tx-scatter-gather*",
        ["tcp-segmentation-offload"] = "tx-tcp*-segmentation",
        ["udp-fragmentation-offload"] = "tx-udp-fragmentation",
        ["generic-segmentation-offload"] = "tx-generic-segmentation",
        ["generic-receive-offload"] = "rx-gro",
        ["large-receive-offload"] = "rx-lro",
        ["rx-vlan-offload"] = "rx-vlan-hw-parse",
        ["tx-vlan-offload"] = "tx-vlan-hw-insert",
        ["ntuple-filters"] = "rx-ntuple-filter",
        ["receive-hashing"] = "rx-hashing",
    };

    /// <summary>The feature names among <paramref name="featureNames"/> that <paramref name="group"/> stands for.</summary>
    public static IReadOnlyList<string> Members(string group, IEnumerable<string> featureNames)
    {
        if (!Patterns.TryGetValue(group, out var pattern)) throw new ArgumentException($"'{group}' is not an ethtool group name", nameof(group));
        return featureNames.Where(name => Matches(pattern, name)).ToList();
    }

    /// <summary>fnmatch(3) for patterns whose only special character is '*', which is all off_flag_def uses.</summary>
    internal static bool Matches(ReadOnlySpan<char> pattern, ReadOnlySpan<char> name)
    {
        var star = pattern.IndexOf('*');
        if (star < 0) return pattern.SequenceEqual(name);
        if (!name.StartsWith(pattern[..star])) return false;
        var restOfPattern = pattern[(star + 1)..];
        for (var start = star; start <= name.Length; start++)
        {
            if (Matches(restOfPattern, name[start..])) return true;
        }
        return false;
    }
}
