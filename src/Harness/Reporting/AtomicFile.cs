namespace Vnetconf.Reporting;

/// <summary>
/// Writes an output so that a reader sees either the previous file or the whole new one, never a part: the content
/// goes to a temporary file in the same directory (same file system, so the rename is atomic), is flushed to disk,
/// and only then replaces the target. A write that fails (a full disk, a read-only directory) leaves the previous
/// file as it was and removes the temporary one.
/// </summary>
public static class AtomicFile
{
    /// <exception cref="IOException">the content could not be written; the previous file is intact</exception>
    /// <exception cref="UnauthorizedAccessException">the directory may not be written; the previous file is intact</exception>
    public static void WriteAllText(string path, string contents) => Write(path, stream =>
    {
        using var writer = new StreamWriter(stream, leaveOpen: true);
        writer.Write(contents);
    });

    /// <summary>Like <see cref="WriteAllText"/>, with <paramref name="write"/> producing the content on the open stream.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.partial");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                // Durable before it replaces anything: a crash right after the rename must not leave an empty file behind.
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}
