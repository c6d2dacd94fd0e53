namespace Vnetconf.Links;

/// <summary>
/// The user namespace this process runs in. The kernel answers a few calls by <c>capable()</c>, which asks the initial
/// user namespace, where most ask <c>ns_capable()</c> of the namespace that owns the device: a run inside a user
/// namespace of its own (the vnetconf image's entrypoint, <c>unshare --user --map-root-user</c>) holds CAP_NET_ADMIN
/// over its lab namespaces and still fails the first kind with EPERM.
/// </summary>
public static class UserNamespace
{
    private static readonly string OwnMap = File.ReadAllText("/proc/self/uid_map");

    /// <summary>Whether this process runs in the initial user namespace.</summary>
    public static bool IsInitial { get; } = IsInitialMap(OwnMap);

    /// <summary>Where this process runs, as a run records it: "initial", or "own (uid_map …)".</summary>
    public static string Described { get; } = IsInitial ? "initial" : $"own (uid_map {string.Join(", ", Lines(OwnMap))})";

    /// <summary>
    /// Whether <paramref name="uidMap"/> (the text of /proc/PID/uid_map) is the initial namespace's: the one line mapping
    /// every uid to itself, "0 0 4294967295" (user_namespaces(7)).
    /// </summary>
    public static bool IsInitialMap(string uidMap) => Lines(uidMap) is ["0 0 4294967295"];

    private static string[] Lines(string uidMap) =>
        [.. uidMap.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => string.Join(' ', line.Split(' ', StringSplitOptions.RemoveEmptyEntries)))];
}
