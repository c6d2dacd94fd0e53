using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Vnetconf.Guest;

/// <summary>
/// A bzImage's kernel as the uncompressed ELF that QEMU enters directly at its PVH entry point: the Xen ELF note
/// XEN_ELFNOTE_PHYS32_ENTRY that CONFIG_PVH puts into vmlinux (arch/x86/platform/pvh/head.S), which QEMU's -kernel
/// looks for in an ELF (hw/i386/x86-common.c: load_elfboot). Under TCG the bzImage's own decompressor is emulated on
/// every boot: 6.1's guest reached its agent in 2.29-2.69 s as a bzImage and 1.90-2.03 s entered through PVH here.
/// The payload is decompressed once per kernel into the cache instead; the kernel that runs is the same one, entered
/// at the entry point its build made for this. A kernel without the note, a format without its tool or a payload that
/// does not decompress whole is booted as the bzImage, and the image says why.
/// </summary>
internal static class PvhKernel
{
    /// <summary>The bzImage's payload, compressed by the kernel build (scripts/Makefile.lib) with a tool the host has.</summary>
    private static readonly (byte[] Magic, string Format, string Tool, string[] Arguments)[] Formats =
    [
        ([0x1F, 0x8B], "gzip", "gzip", ["-dc"]),
        ([0x42, 0x5A, 0x68], "bzip2", "bzip2", ["-dc"]),
        ([0x5D, 0x00, 0x00], "lzma", "xz", ["--format=lzma", "-dc"]),
        ([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00], "xz", "xz", ["--single-stream", "-dc"]),
        ([0x89, 0x4C, 0x5A, 0x4F], "lzo", "lzop", ["-dc"]),
        ([0x02, 0x21, 0x4C, 0x18], "lz4", "lz4", ["-dc"]),
        ([0x28, 0xB5, 0x2F, 0xFD], "zstd", "zstd", ["-dc"]),
    ];

    private static readonly TimeSpan DecompressTimeout = TimeSpan.FromMinutes(2);

    /// <summary>
    /// What QEMU's -kernel loads for <paramref name="kernel"/> (its vmlinux through PVH, else its bzImage) and how that
    /// is said in reports, with the reason when it is the bzImage.
    /// </summary>
    public static (string BootKernel, string Entry) EntryOf(GuestKernel kernel, string cacheDirectory) => Prepare(kernel.Image, cacheDirectory) switch
    {
        ({ } vmlinux, _) => (vmlinux, "entered through PVH (its vmlinux, decompressed once)"),
        (_, var whyNot) => (kernel.Image, $"entered as the bzImage ({whyNot})"),
    };

    /// <summary>
    /// The uncompressed kernel of <paramref name="bzImage"/> with a PVH entry, from <paramref name="cacheDirectory"/>
    /// (decompressed there on first use, under the bzImage's SHA-256), or null and why it is booted as the bzImage. Why
    /// a kernel itself cannot be entered through PVH is kept beside it too, so it is found out once; a missing tool or a
    /// cache that cannot be written is said each time, as the host can change.
    /// </summary>
    public static (string? Path, string? WhyNot) Prepare(string bzImage, string cacheDirectory)
    {
        var image = File.ReadAllBytes(bzImage);
        var directory = Path.Combine(cacheDirectory, "pvh", Convert.ToHexStringLower(SHA256.HashData(image)));
        var vmlinux = Path.Combine(directory, "vmlinux");
        var unusable = Path.Combine(directory, "unusable");
        if (File.Exists(vmlinux)) return (vmlinux, null);
        if (File.Exists(unusable)) return (null, File.ReadAllText(unusable));
        if (BzImage.Payload(image) is not { } payload) return Unusable(unusable, "no whole payload in it (a bzImage of boot protocol 2.08 or later has one)");
        var format = Formats.FirstOrDefault(f => payload.Span.StartsWith(f.Magic));
        if (format.Format is null) return Unusable(unusable, "its payload's compression is not one the kernel build uses");
        if (ExternalCommand.Find(format.Tool) is null) return (null, $"no {format.Tool} to decompress its {format.Format} payload (setup/host-packages installs it)");
        byte[] output;
        try
        {
            // Each tool stops at the 4-byte size the build appends after the stream, or complains about it: its exit
            // code says nothing, the size does.
            output = ExternalCommand.TryRun(format.Tool, format.Arguments, DecompressTimeout, input: payload).Output;
        }
        catch (TimeoutException e)
        {
            return (null, $"its {format.Format} payload was not decompressed: {e.Message}");
        }
        var expected = BinaryPrimitives.ReadUInt32LittleEndian(payload.Span[^4..]);
        if (output.Length != expected) return Unusable(unusable, $"its {format.Format} payload decompressed to {output.Length} bytes, not the {expected} its size says");
        if (!HasPvhEntry(output)) return Unusable(unusable, "its vmlinux has no PVH entry note (CONFIG_PVH)");
        return Store(vmlinux, output) is { } failure ? (null, $"its vmlinux could not be cached: {failure}") : (vmlinux, null);
    }

    /// <summary>Keeps why the kernel is booted as its bzImage in <paramref name="path"/> (best effort: a cache that cannot hold it only costs the check again).</summary>
    private static (string?, string?) Unusable(string path, string reason)
    {
        Store(path, System.Text.Encoding.UTF8.GetBytes(reason));
        return (null, reason);
    }

    /// <summary>Writes <paramref name="path"/> into the cache (<see cref="CacheFile"/>); the failure's message, or null.</summary>
    private static string? Store(string path, byte[] bytes)
    {
        try
        {
            CacheFile.Write(path, bytes);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return e.Message;
        }
    }

    /// <summary>Whether <paramref name="elf"/> is a 64-bit ELF with a PT_NOTE holding the "Xen" note of type XEN_ELFNOTE_PHYS32_ENTRY (18).</summary>
    internal static bool HasPvhEntry(ReadOnlySpan<byte> elf)
    {
        const uint PtNote = 4, XenElfNotePhys32Entry = 18;
        const int ProgramHeaderSize = 0x38;
        if (elf.Length < 64 || elf[0] != 0x7F || !elf[1..4].SequenceEqual("ELF"u8) || elf[4] != 2 || elf[5] != 1) return false;
        var programHeaders = BinaryPrimitives.ReadUInt64LittleEndian(elf[0x20..]);
        var entrySize = BinaryPrimitives.ReadUInt16LittleEndian(elf[0x36..]);
        var count = BinaryPrimitives.ReadUInt16LittleEndian(elf[0x38..]);
        if (entrySize < ProgramHeaderSize || programHeaders > (ulong)elf.Length) return false;
        for (var i = 0; i < count; i++)
        {
            var at = (long)programHeaders + (long)i * entrySize;
            if (at + ProgramHeaderSize > elf.Length) return false;
            var header = elf[(int)at..];
            if (BinaryPrimitives.ReadUInt32LittleEndian(header) != PtNote) continue;
            var offset = BinaryPrimitives.ReadUInt64LittleEndian(header[8..]);
            var size = BinaryPrimitives.ReadUInt64LittleEndian(header[0x20..]);
            if (offset > (ulong)elf.Length || size > (ulong)elf.Length - offset) return false;
            var notes = elf.Slice((int)offset, (int)size);
            while (notes.Length >= 12)
            {
                var nameSize = BinaryPrimitives.ReadUInt32LittleEndian(notes);
                var descriptionSize = BinaryPrimitives.ReadUInt32LittleEndian(notes[4..]);
                var type = BinaryPrimitives.ReadUInt32LittleEndian(notes[8..]);
                if (nameSize > (uint)notes.Length || descriptionSize > (uint)notes.Length) break;
                var nameEnd = 12 + Align4((int)nameSize);
                if (nameEnd > notes.Length) break;
                if (type == XenElfNotePhys32Entry && notes.Slice(12, (int)nameSize).SequenceEqual("Xen\0"u8)) return true;
                var next = nameEnd + Align4((int)descriptionSize);
                if (next > notes.Length) break;
                notes = notes[next..];
            }
        }
        return false;
    }

    private static int Align4(int size) => (size + 3) & ~3;
}
