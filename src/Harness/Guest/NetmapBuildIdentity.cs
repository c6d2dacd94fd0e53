using Vnetconf.Model;

namespace Vnetconf.Guest;

/// <summary>One module of a netmap build as results record it: the file's sha256 and modpost's srcversion and vermagic.</summary>
public sealed record NetmapModuleIdentity(string FileName, string Sha256, string? SourceVersion, string? VersionMagic)
{
    /// <summary>Enough of the hash to tell builds apart in a column header; the environment keeps it whole.</summary>
    public string ShortHash => Sha256[..12];
}

/// <summary>
/// What tells two netmap builds apart in results.json and in a comparison's column header: the user's label and, per
/// module, its hash, srcversion and vermagic. The API version the module answers with is learnt in the guest and
/// recorded beside these (<see cref="EnvironmentKeys.NetmapApi"/>).
/// </summary>
public sealed record NetmapBuildIdentity(string? Label, IReadOnlyList<NetmapModuleIdentity> Modules)
{
    /// <summary>The sha256 of the build's pkt-gen (<see cref="NetmapTools"/>), null when the user gave none.</summary>
    public string? PktGenSha256 { get; init; }

    /// <summary>One line: "A: netmap.ko 3f1c… (srcversion 9A1B…), virtio_net.ko …, pkt-gen 5e2a…".</summary>
    public string Summary =>
        (Label is null ? "" : $"{Label}: ") + string.Join(", ", Modules.Select(m => $"{m.FileName} {m.ShortHash}" + (m.SourceVersion is { } s ? $" (srcversion {s})" : "")))
        + (PktGenSha256 is { } tool ? $", {NetmapTools.PktGenFileName} {tool[..12]}" : "");

    /// <summary>Every field under its own environment key, so results.json keeps the whole identity.</summary>
    public IEnumerable<KeyValuePair<string, string>> EnvironmentEntries() =>
        (Label is null ? [] : new[] { KeyValuePair.Create(EnvironmentKeys.NetmapLabel, Label) })
        .Concat(Modules.SelectMany(m => new[]
        {
            KeyValuePair.Create(EnvironmentKeys.NetmapModule(m.FileName, "sha256"), m.Sha256),
            KeyValuePair.Create(EnvironmentKeys.NetmapModule(m.FileName, "srcversion"), m.SourceVersion ?? "none"),
            KeyValuePair.Create(EnvironmentKeys.NetmapModule(m.FileName, "vermagic"), m.VersionMagic ?? "none"),
        }))
        // Said either way: a reader of results.json learns whether netmap's own tool cross-checked the agent, and how to make it.
        .Append(KeyValuePair.Create(EnvironmentKeys.NetmapPktGen, PktGenSha256 is { } hash ? $"sha256 {hash}" : NetmapTools.NotGivenNote));
}
