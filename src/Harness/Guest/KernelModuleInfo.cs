using System.Buffers.Binary;
using System.Text;
using Vnetconf.Interop;

namespace Vnetconf.Guest;

/// <summary>
/// The <c>.modinfo</c> section of a kernel module: NUL-separated <c>key=value</c> strings that modpost writes, among
/// them <c>name=</c> and <c>depends=</c> (the comma-separated modules whose symbols this one uses). Read straight
/// from the ELF64 file, so no modules.dep or depmod is needed (distribution packages ship none: depmod makes it at
/// install time).
/// </summary>
internal sealed class KernelModuleInfo
{
    private const int ElfHeaderSize = 64;
    private const int SectionHeaderSize = 64;

    private KernelModuleInfo(IReadOnlyList<KeyValuePair<string, string>> fields) => Fields = fields;

    /// <summary>Every key=value in section order; keys such as alias and parm repeat.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Fields { get; }

    /// <summary>The module's name (<c>name=</c>), as insmod and /proc/modules spell it.</summary>
    public string? Name => Value("name");

    /// <summary>The modules this one needs loaded first; empty when it needs none.</summary>
    public IReadOnlyList<string> Depends =>
        (Value("depends") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The kernel this module was built for (<c>vermagic=</c>, e.g. "6.1.0-56-cloud-amd64 SMP mod_unload modversions").</summary>
    public string? VersionMagic => Value("vermagic");

    public string? Value(string key) => Fields.FirstOrDefault(pair => pair.Key == key).Value;

    /// <exception cref="FormatException">not a little-endian ELF64 file, or it has no .modinfo section</exception>
    public static KernelModuleInfo Parse(ReadOnlySpan<byte> elf)
    {
        ReadOnlySpan<byte> magic = [0x7f, (byte)'E', (byte)'L', (byte)'F'];
        if (elf.Length < ElfHeaderSize || !elf[..4].SequenceEqual(magic))
            throw new FormatException("not an ELF file");
        if (elf[4] != 2 /* ELFCLASS64 */ || elf[5] != 1 /* ELFDATA2LSB */)
            throw new FormatException("not a little-endian 64-bit ELF file");

        var sectionTable = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(elf[0x28..]));
        var sectionCount = BinaryPrimitives.ReadUInt16LittleEndian(elf[0x3C..]);
        var namesIndex = BinaryPrimitives.ReadUInt16LittleEndian(elf[0x3E..]);
        var names = Section(elf, sectionTable, namesIndex);

        for (var i = 0; i < sectionCount; i++)
        {
            var header = elf.Slice(sectionTable + i * SectionHeaderSize, SectionHeaderSize);
            var nameOffset = (int)BinaryPrimitives.ReadUInt32LittleEndian(header);
            if (NativeText.UntilNul(names[nameOffset..]) == ".modinfo")
                return new KernelModuleInfo(SplitFields(Section(elf, sectionTable, i)));
        }
        throw new FormatException("the ELF file has no .modinfo section: not a kernel module");
    }

    private static ReadOnlySpan<byte> Section(ReadOnlySpan<byte> elf, int sectionTable, int index)
    {
        var header = elf.Slice(sectionTable + index * SectionHeaderSize, SectionHeaderSize);
        var offset = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(header[24..]));
        var size = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(header[32..]));
        return elf.Slice(offset, size);
    }

    private static List<KeyValuePair<string, string>> SplitFields(ReadOnlySpan<byte> section)
    {
        var fields = new List<KeyValuePair<string, string>>();
        // Entries are NUL-terminated and may be separated by extra NULs of alignment padding.
        foreach (var entry in Encoding.UTF8.GetString(section).Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = entry.IndexOf('=');
            if (equals > 0) fields.Add(KeyValuePair.Create(entry[..equals], entry[(equals + 1)..]));
        }
        return fields;
    }

}
