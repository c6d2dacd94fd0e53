namespace Vnetconf.Guest;

/// <summary>
/// The Debian archive this machine's apt already uses, read at run time from its own sources, so the suite never
/// names a mirror itself and never changes the machine's apt configuration.
/// </summary>
/// <param name="Uri">the archive's URI, e.g. the "URIs:" of debian.sources</param>
/// <param name="Suites">the suites configured for it</param>
/// <param name="SignedBy">the keyring apt verifies it with, when the source names one</param>
internal sealed record AptMirror(string Uri, IReadOnlyList<string> Suites, string? SignedBy)
{
    public const string Deb822Sources = "/etc/apt/sources.list.d/debian.sources";
    public const string OneLineSources = "/etc/apt/sources.list";

    /// <summary>The machine's main Debian archive (not its security archive), or null when none is configured.</summary>
    public static AptMirror? FromMachine() =>
        FindMain(Read(Deb822Sources, ParseDeb822).Concat(Read(OneLineSources, ParseOneLine)));

    /// <summary>The first source with a plain suite ("bookworm", not "bookworm-security"): the main archive.</summary>
    public static AptMirror? FindMain(IEnumerable<AptMirror> sources) =>
        sources.FirstOrDefault(s => s.Suites.Any(suite => !suite.Contains('-') && !suite.Contains('/')));

    /// <summary>Stanzas of a deb822 .sources file: "Types: deb", "URIs:", "Suites:", "Signed-By:".</summary>
    public static IEnumerable<AptMirror> ParseDeb822(string text)
    {
        foreach (var stanza in text.Split(["\n\n", "\r\n\r\n"], StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = stanza.Split('\n')
                .Select(line => line.Trim())
                .Where(line => line.Length > 0 && !line.StartsWith('#') && line.Contains(':'))
                .Select(line => (Key: line[..line.IndexOf(':')].Trim(), Value: line[(line.IndexOf(':') + 1)..].Trim()))
                .GroupBy(f => f.Key, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.First().Value, StringComparer.OrdinalIgnoreCase);
            if (!fields.TryGetValue("Types", out var types) || !types.Split(' ').Contains("deb")) continue;
            if (fields.TryGetValue("Enabled", out var enabled) && enabled.Equals("no", StringComparison.OrdinalIgnoreCase)) continue;
            if (!fields.TryGetValue("URIs", out var uris) || !fields.TryGetValue("Suites", out var suites)) continue;
            yield return new AptMirror(uris.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0],
                suites.Split(' ', StringSplitOptions.RemoveEmptyEntries), fields.GetValueOrDefault("Signed-By"));
        }
    }

    /// <summary>"deb [signed-by=KEYRING] URI SUITE COMPONENT…" lines of a one-line sources.list.</summary>
    public static IEnumerable<AptMirror> ParseOneLine(string text)
    {
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (!line.StartsWith("deb ", StringComparison.Ordinal)) continue;
            string? signedBy = null;
            var rest = line[4..].Trim();
            if (rest.StartsWith('['))
            {
                var close = rest.IndexOf(']');
                if (close < 0) continue;
                foreach (var option in rest[1..close].Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    if (option.StartsWith("signed-by=", StringComparison.Ordinal)) signedBy = option["signed-by=".Length..];
                rest = rest[(close + 1)..].Trim();
            }
            var words = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length >= 2) yield return new AptMirror(words[0], [words[1]], signedBy);
        }
    }

    private static List<AptMirror> Read(string path, Func<string, IEnumerable<AptMirror>> parse) =>
        File.Exists(path) ? parse(File.ReadAllText(path)).ToList() : [];
}
