using System.Globalization;

namespace Vnetconf.Links;

/// <summary>
/// Finds what keeps a network namespace alive: a task living in it, an open fd of it, or a bind mount. A namespace
/// with none of these has been freed by the kernel, with every link in it. Used to prove that a run, even a killed
/// one, leaves nothing behind.
/// </summary>
public static class NamespaceCensus
{
    /// <summary>Everything on the machine that still references the namespace with inode <paramref name="inode"/>.</summary>
    public static IReadOnlyList<string> FindReferences(ulong inode)
    {
        var needle = $"net:[{inode}]";
        var found = new List<string>();
        foreach (var pidDir in Directory.EnumerateDirectories("/proc"))
        {
            var pid = Path.GetFileName(pidDir);
            if (!int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out _)) continue;
            foreach (var task in SafeEnumerate(Path.Combine(pidDir, "task")))
                if (LinkTarget(Path.Combine(task, "ns", "net")) == needle)
                    found.Add($"task {pid}/{Path.GetFileName(task)} lives in it");
            foreach (var fd in SafeEnumerate(Path.Combine(pidDir, "fd"), files: true))
                if (LinkTarget(fd) == needle)
                    found.Add($"process {pid} holds it open as fd {Path.GetFileName(fd)}");
        }
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
            if (line.Contains(needle, StringComparison.Ordinal)) found.Add($"bind mount: {line}");
        return found;
    }

    /// <summary>Namespaces bind-mounted under /run/netns (what `ip netns list` shows).</summary>
    public static IReadOnlyList<string> NamedNamespaces() =>
        Directory.Exists("/run/netns") ? Directory.GetFiles("/run/netns").Select(Path.GetFileName).OfType<string>().Order().ToArray() : [];

    private static string[] SafeEnumerate(string dir, bool files = false)
    {
        try
        {
            return files ? Directory.GetFiles(dir) : Directory.GetDirectories(dir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return []; // the process exited while we looked, or is not ours to read
        }
    }

    private static string? LinkTarget(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
