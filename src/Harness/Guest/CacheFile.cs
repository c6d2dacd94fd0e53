namespace Vnetconf.Guest;

/// <summary>
/// A file of the suite's cache, written whole or not at all: a reader at the same time (another run, or another batch
/// of this one building the same image) sees all of it or nothing, never a file cut short.
/// </summary>
internal static class CacheFile
{
    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> through a file of its own beside it, then moves that into place.</summary>
    /// <exception cref="IOException">the cache cannot be written; nothing is left at <paramref name="path"/> or beside it</exception>
    /// <exception cref="UnauthorizedAccessException">the same, for want of permission</exception>
    public static void Write(string path, ReadOnlySpan<byte> bytes)
    {
        // Unique per writer, not per process: two batches of one run may build the same file at once.
        var partial = $"{path}.{Guid.NewGuid():N}.partial";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(partial, bytes);
            File.Move(partial, path, overwrite: true);
        }
        catch
        {
            File.Delete(partial);
            throw;
        }
    }
}
