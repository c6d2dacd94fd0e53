using Vnetconf.Links;

namespace Vnetconf.Conformance.Support;

/// <summary>The host's own namespace as the suite promises to leave it: its links and its named namespaces.</summary>
public sealed record HostSnapshot(IReadOnlyList<string> Links, IReadOnlyList<string> NamedNamespaces)
{
    public static HostSnapshot Take()
    {
        using var net = Rtnetlink.Open(NetNamespace.Host);
        return new HostSnapshot(
            net.ListLinks().Select(l => $"{l.Index}:{l.Name}").Order().ToArray(),
            NamespaceCensus.NamedNamespaces());
    }

    public override string ToString() =>
        $"links [{string.Join(", ", Links)}], named namespaces [{string.Join(", ", NamedNamespaces)}]";
}
