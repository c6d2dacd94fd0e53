using System.Buffers.Binary;
using Vnetconf.Interop;

namespace Vnetconf.Guest;

/// <summary>
/// What an x86 kernel image (bzImage, vmlinuz) says of itself in the boot protocol's setup header
/// (Documentation/arch/x86/boot.rst): "HdrS" at 0x202 and the protocol version at 0x206. A file name can lie or be
/// renamed; the header cannot, and it is what QEMU and the guest go by.
/// </summary>
internal static class BzImage
{
    private const int SetupHeaderMagicOffset = 0x202;
    private const int ProtocolVersionOffset = 0x206;
    private const int KernelVersionPointerOffset = 0x20E;
    private const int KernelVersionBase = 0x200;
    private const int SetupSectorsOffset = 0x1F1;
    private const int PayloadOffsetOffset = 0x248;
    private const int PayloadLengthOffset = 0x24C;

    /// <summary>The release <paramref name="imagePath"/> states (<see cref="ParseRelease"/>).</summary>
    /// <exception cref="InvalidDataException">not an x86 bzImage with a version string; the message names the file</exception>
    public static string ReadRelease(string imagePath)
    {
        var head = new byte[64 * 1024];
        int length;
        using (var file = File.OpenRead(imagePath)) length = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return ParseRelease(head.AsSpan(0, length)) ?? throw new InvalidDataException(
            $"{imagePath} is not a bootable x86 kernel image (no setup header with a version string, as a bzImage/vmlinuz has)");
    }

    /// <summary>
    /// The release in the image's first bytes, or null when they are not a bzImage's: at 0x20E the offset, from 0x200,
    /// of the NUL-terminated version string ("6.1.0-57-cloud-amd64 (debian-kernel@…) #1 SMP …"), whose first word is
    /// the release the guest's uname -r will say.
    /// </summary>
    public static string? ParseRelease(ReadOnlySpan<byte> image)
    {
        if (!HasSetupHeader(image, KernelVersionPointerOffset + 2)) return null;
        var pointer = BinaryPrimitives.ReadUInt16LittleEndian(image[KernelVersionPointerOffset..]);
        var start = KernelVersionBase + pointer;
        if (pointer == 0 || start >= image.Length) return null;
        var text = NativeText.UntilNul(image[start..]);
        var release = text.Split(' ', 2)[0];
        return release.Length > 0 && release.All(c => c is > ' ' and < (char)0x7F) ? release : null;
    }

    /// <summary>
    /// The compressed kernel inside the image, or null when the image has none whole: protocol 2.08 or later, and
    /// payload_offset/payload_length at 0x248/0x24C, counted from the protected-mode code that follows the setup_sects
    /// (0x1F1; 0 means 4) sectors of setup after the boot sector.
    /// </summary>
    public static ReadOnlyMemory<byte>? Payload(ReadOnlyMemory<byte> image)
    {
        var header = image.Span;
        if (!HasSetupHeader(header, PayloadLengthOffset + 4) || BinaryPrimitives.ReadUInt16LittleEndian(header[ProtocolVersionOffset..]) < 0x0208) return null;
        var setupSectors = header[SetupSectorsOffset] == 0 ? 4 : header[SetupSectorsOffset];
        var start = (long)(setupSectors + 1) * 512 + BinaryPrimitives.ReadUInt32LittleEndian(header[PayloadOffsetOffset..]);
        var length = BinaryPrimitives.ReadUInt32LittleEndian(header[PayloadLengthOffset..]);
        return length >= 4 && start + length <= header.Length ? image.Slice((int)start, (int)length) : null;
    }

    private static bool HasSetupHeader(ReadOnlySpan<byte> image, int length) =>
        image.Length >= length && image.Slice(SetupHeaderMagicOffset, 4).SequenceEqual("HdrS"u8);
}
