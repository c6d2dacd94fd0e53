using Vnetconf.Links;

namespace Vnetconf.Conformance.Support;

/// <summary>
/// The host's own namespace as the suite promises to leave it, read with the command-line tools (not the
/// harness's own netlink code, so the check is independent of what it checks): its links with their indexes,
/// MTUs and flags, the named namespaces, and lo's offload features.
/// </summary>
public sealed record HostSnapshot(string Links, string NamedNamespaces, string LoopbackFeatures)
{
    public static HostSnapshot Take() => new(
        HostTools.LinkFingerprint(NetNamespace.Host),
        HostTools.Run(NetNamespace.Host, "ip", "netns", "list"),
        HostTools.Run(NetNamespace.Host, "ethtool", "-k", "lo"));
}
