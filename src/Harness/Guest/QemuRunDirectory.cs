using System.Collections.Concurrent;
using System.Globalization;

namespace Vnetconf.Guest;

/// <summary>
/// A guest's scratch directory under the temp folder — its console log and its agent socket (<see cref="Agent"/>) —
/// marked with the pid of the harness that owns it. Both ways of starting QEMU (on the host, in a container) own
/// one; disposing it closes the socket and deletes the directory. A harness killed with SIGKILL cannot delete its
/// own; the next one sweeps every directory whose owner is gone, so a kill leaves nothing behind for longer than
/// until the next run. A harness that exits without disposing it (Environment.Exit on a signal) deletes it on the way out.
/// </summary>
public sealed class QemuRunDirectory : IDisposable
{
    private static readonly ConcurrentDictionary<string, byte> Live = new(StringComparer.Ordinal);

    static QemuRunDirectory() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var directory in Live.Keys) Delete(directory);
    };

    /// <summary>QEMU's <c>-serial file:</c> target, relative to the directory (the container sees it under its own mount).</summary>
    public const string ConsoleLogName = "console.log";

    private const string Prefix = "vnetconf-qemu-";
    private const string OwnerFile = "owner.pid";

    private QemuRunDirectory(DirectoryInfo directory, AgentListener agent)
    {
        FullName = directory.FullName;
        Agent = agent;
    }

    public string FullName { get; }

    /// <summary>Where QEMU connects the agent's virtio-serial port, and the wait for its hello.</summary>
    public AgentListener Agent { get; }

    public string ConsoleLogPath => Path.Combine(FullName, ConsoleLogName);

    /// <summary>The whole kernel console so far.</summary>
    public string ConsoleLog() => GuestConsole.Read(ConsoleLogPath);

    /// <summary>The last <paramref name="lines"/> lines of the console, for error messages.</summary>
    public string ConsoleTail(int lines = 40) => GuestConsole.Tail(ConsoleLogPath, lines);

    public static QemuRunDirectory Create()
    {
        SweepStale();
        var directory = Directory.CreateTempSubdirectory(Prefix);
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, OwnerFile), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            Live[directory.FullName] = 0;
            return new QemuRunDirectory(directory, AgentListener.Create(directory.FullName));
        }
        catch
        {
            directory.Delete(recursive: true);
            throw;
        }
    }

    public void Dispose()
    {
        Agent.Dispose();
        Live.TryRemove(FullName, out _);
        Directory.Delete(FullName, recursive: true);
    }

    private static void Delete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // disposed meanwhile
        }
    }

    /// <summary>Deletes the run directories whose owning process no longer exists; returns how many.</summary>
    public static int SweepStale()
    {
        var swept = 0;
        foreach (var directory in Directory.EnumerateDirectories(Path.GetTempPath(), Prefix + "*"))
        {
            var owner = Path.Combine(directory, OwnerFile);
            // A directory without an owner file is either being created right now or not ours to judge: leave it.
            if (!File.Exists(owner) || !int.TryParse(File.ReadAllText(owner), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            if (Directory.Exists($"/proc/{pid}")) continue;
            try
            {
                Directory.Delete(directory, recursive: true);
                swept++;
            }
            catch (IOException)
            {
                // another harness swept it first
            }
        }
        return swept;
    }
}
