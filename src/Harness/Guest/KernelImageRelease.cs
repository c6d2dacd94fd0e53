using System.Buffers.Binary;
using Vnetconf.Interop;

namespace Vnetconf.Guest;

/// <summary>
/// The release a kernel image says it is, read from the image itself (the x86 boot protocol's setup header,
/// Documentation/arch/x86/boot.rst): "HdrS" at 0x202, and at 0x20E the offset, from 0x200, of the NUL-terminated
/// version string ("6.1.0-57-cloud-amd64 (debian-kernel@…) #1 SMP …"), whose first word is the release. A file name
/// can lie or be renamed; this cannot, and it is what the guest's uname -r will say.
/// </summary>
internal static class KernelImageRelease
{
    private const int SetupHeaderMagicOffset = 0x202;
    private const int KernelVersionPointerOffset = 0x20E;
    private const int KernelVersionBase = 0x200;

    /// <exception cref="InvalidDataException">not an x86 bzImage with a version string; the message names the file</exception>
    public static string Read(string imagePath)
    {
        var head = new byte[64 * 1024];
        int length;
        using (var file = File.OpenRead(imagePath)) length = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return Parse(head.AsSpan(0, length)) ?? throw new InvalidDataException(
            $"{imagePath} is not a bootable x86 kernel image (no setup header with a version string, as a bzImage/vmlinuz has)");
    }

    /// <summary>The release in the image's first bytes, or null when they are not a bzImage's.</summary>
    public static string? Parse(ReadOnlySpan<byte> image)
    {
        if (image.Length < KernelVersionPointerOffset + 2 || !image.Slice(SetupHeaderMagicOffset, 4).SequenceEqual("HdrS"u8)) return null;
        var pointer = BinaryPrimitives.ReadUInt16LittleEndian(image[KernelVersionPointerOffset..]);
        var start = KernelVersionBase + pointer;
        if (pointer == 0 || start >= image.Length) return null;
        var text = NativeText.UntilNul(image[start..]);
        var release = text.Split(' ', 2)[0];
        return release.Length > 0 && release.All(c => c is > ' ' and < (char)0x7F) ? release : null;
    }
}
