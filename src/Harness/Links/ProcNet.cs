namespace Vnetconf.Links;

/// <summary>
/// Per-namespace files under /proc: sysctls (/proc/sys/net) and protocol counters (/proc/thread-self/net/snmp).
/// Both are resolved against the namespace of the thread that opens them, so every access runs on the
/// namespace's own thread.
/// </summary>
public static class ProcNet
{
    /// <summary>Writes a net sysctl such as <c>net/ipv6/conf/all/accept_dad</c> inside <paramref name="ns"/>.</summary>
    public static void SetSysctl(NetNamespace ns, string key, string value)
    {
        if (!key.StartsWith("net/", StringComparison.Ordinal) || key.Contains(".."))
            throw new ArgumentException($"'{key}' is not a net sysctl path (net/...)", nameof(key));
        NamespaceGuard.EnsureMayModify(ns, $"sysctl {key}={value}");
        ns.Run(() => File.WriteAllText($"/proc/sys/{key}", value));
    }

    public static string GetSysctl(NetNamespace ns, string key) => ns.Run(() => File.ReadAllText($"/proc/sys/{key}").Trim());

    /// <summary>
    /// The counters of /proc/net/snmp (and snmp6) for <paramref name="ns"/>, keyed "Udp.InCsumErrors",
    /// "Udp6.InCsumErrors", "Ip.InReceives"…
    /// </summary>
    public static IReadOnlyDictionary<string, long> ReadSnmp(NetNamespace ns) => ns.Run(() =>
    {
        var counters = new Dictionary<string, long>(StringComparer.Ordinal);
        // snmp: pairs of lines "Udp: Name1 Name2…" then "Udp: 1 2…".
        var lines = File.ReadAllLines("/proc/thread-self/net/snmp");
        for (var i = 0; i + 1 < lines.Length; i += 2)
        {
            var names = lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var values = lines[i + 1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var group = names[0].TrimEnd(':');
            for (var j = 1; j < Math.Min(names.Length, values.Length); j++)
                counters[$"{group}.{names[j]}"] = long.Parse(values[j], System.Globalization.CultureInfo.InvariantCulture);
        }
        // snmp6: one "Udp6InCsumErrors 0" per line; keyed "Udp6.InCsumErrors" to match the snmp groups.
        if (File.Exists("/proc/thread-self/net/snmp6"))
        {
            foreach (var line in File.ReadAllLines("/proc/thread-self/net/snmp6"))
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length != 2) continue;
                var name = parts[0];
                var split = name.IndexOf('6') + 1;
                if (split <= 0) continue;
                counters[$"{name[..split]}.{name[split..]}"] = long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        return counters;
    });
}
