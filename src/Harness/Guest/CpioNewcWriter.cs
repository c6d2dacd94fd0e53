using System.Globalization;
using System.Text;

namespace Vnetconf.Guest;

/// <summary>
/// Writes a cpio archive in the "newc" format (magic 070701), the one the kernel unpacks as an initramfs
/// (Documentation/driver-api/early-userspace/buffer-format.rst). Every header field is 8 hex digits; the name and the
/// data are each padded to 4 bytes; the archive ends with the entry "TRAILER!!!".
/// <para>
/// Output is deterministic: modification times are 0, owners root, inode numbers count from 1 in the order of the
/// calls, so the same inputs give the same bytes and the image's content address stays stable.
/// </para>
/// </summary>
internal sealed class CpioNewcWriter : IDisposable
{
    private const string Magic = "070701";
    private const string Trailer = "TRAILER!!!";

    // stat(2) file type bits.
    private const int TypeDirectory = 0x4000;
    private const int TypeRegular = 0x8000;
    private const int TypeSymlink = 0xA000;

    private readonly Stream output;
    private readonly bool leaveOpen;
    private readonly HashSet<string> names = new(StringComparer.Ordinal);
    private int nextInode = 1;
    private bool finished;

    public CpioNewcWriter(Stream output, bool leaveOpen = false)
    {
        this.output = output;
        this.leaveOpen = leaveOpen;
    }

    /// <summary>A directory; its parents must have been added first (the kernel does not create them).</summary>
    public void AddDirectory(string path, int permissions = 0x1ED /* 0755 */) =>
        AddEntry(path, TypeDirectory | permissions, links: 2, []);

    public void AddFile(string path, ReadOnlySpan<byte> content, int permissions = 0x1A4 /* 0644 */) =>
        AddEntry(path, TypeRegular | permissions, links: 1, content);

    public void AddSymlink(string path, string target) =>
        AddEntry(path, TypeSymlink | 0x1FF /* 0777 */, links: 1, Encoding.UTF8.GetBytes(target));

    /// <summary>True when an entry named <paramref name="path"/> was added.</summary>
    public bool Contains(string path) => names.Contains(Normalize(path));

    /// <summary>Writes the trailer. Called by <see cref="Dispose"/> if not before.</summary>
    public void Finish()
    {
        if (finished) return;
        WriteHeaderAndName(Trailer, mode: 0, links: 1, size: 0, inode: 0);
        finished = true;
        output.Flush();
    }

    public void Dispose()
    {
        Finish();
        if (!leaveOpen) output.Dispose();
    }

    private void AddEntry(string path, int mode, int links, ReadOnlySpan<byte> data)
    {
        ObjectDisposedException.ThrowIf(finished, this);
        var name = Normalize(path);
        if (!names.Add(name)) throw new ArgumentException($"'{name}' is already in the archive", nameof(path));
        WriteHeaderAndName(name, mode, links, data.Length, nextInode++);
        output.Write(data);
        Pad(data.Length);
    }

    private void WriteHeaderAndName(string name, int mode, int links, int size, int inode)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name + "\0");
        var header = new StringBuilder(110);
        header.Append(Magic);
        foreach (var field in new[]
                 {
                     inode, mode, 0 /* uid */, 0 /* gid */, links, 0 /* mtime */, size,
                     0 /* devmajor */, 0 /* devminor */, 0 /* rdevmajor */, 0 /* rdevminor */, nameBytes.Length, 0 /* check */,
                 })
            header.Append(field.ToString("x8", CultureInfo.InvariantCulture));
        output.Write(Encoding.ASCII.GetBytes(header.ToString()));
        output.Write(nameBytes);
        Pad(header.Length + nameBytes.Length); // the 110-byte header and the name are padded together
    }

    private void Pad(int length)
    {
        Span<byte> zeros = stackalloc byte[3];
        zeros.Clear();
        output.Write(zeros[..((4 - length % 4) % 4)]);
    }

    /// <summary>Archive names are relative ("bin/busybox"); "/" prefixes and "//" are accepted and removed.</summary>
    private static string Normalize(string path)
    {
        var name = string.Join('/', path.Split('/', StringSplitOptions.RemoveEmptyEntries));
        if (name.Length == 0 || name.Split('/').Any(part => part is "." or ".."))
            throw new ArgumentException($"'{path}' is not a plain path inside the archive", nameof(path));
        return name;
    }
}
