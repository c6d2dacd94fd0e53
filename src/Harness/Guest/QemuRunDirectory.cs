using System.Globalization;

namespace Vnetconf.Guest;

/// <summary>
/// A guest's scratch directory (its console log and agent socket) under the temp folder, marked with the pid of
/// the harness that owns it. A harness killed with SIGKILL cannot delete its own; the next one sweeps every
/// directory whose owner is gone, so a kill leaves nothing behind for longer than until the next run.
/// </summary>
public static class QemuRunDirectory
{
    private const string Prefix = "vnetconf-qemu-";
    private const string OwnerFile = "owner.pid";

    public static DirectoryInfo Create()
    {
        SweepStale();
        var directory = Directory.CreateTempSubdirectory(Prefix);
        File.WriteAllText(Path.Combine(directory.FullName, OwnerFile), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        return directory;
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
