using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Vnetconf.Guest;

/// <summary>
/// netmap's own tools, supplied by the user beside a build's modules (<c>--netmap-modules DIR,tools=DIR</c> or
/// VNETCONF_NETMAP_TOOLS): a static <c>pkt-gen</c> built from the same netmap tree. The guest image carries it to
/// <see cref="PktGenPathInGuest"/>, and the netmap RX/TX cells run it beside the agent and compare what the two saw
/// (the catalogue's <c>NetmapPktGenProbe</c>). The suite never builds netmap's tools; it only carries what it is given.
/// </summary>
/// <param name="Directory">holds <see cref="PktGenFileName"/></param>
public sealed record NetmapTools(string Directory)
{
    public const string ToolsVariable = "VNETCONF_NETMAP_TOOLS";
    public const string PktGenFileName = "pkt-gen";

    /// <summary>Where the image puts pkt-gen; the agent runs it from there.</summary>
    public const string PktGenPathInGuest = "/tools/pkt-gen";

    /// <summary>How to build what this record expects, for error messages: a static binary, since the guest has no libc for it.</summary>
    public const string BuildHint =
        "give a directory holding netmap's apps/pkt-gen built from the same netmap tree as the modules and linked statically (the guest has no libc for it)";

    /// <summary>Said once by a run (and in its results) whose netmap cells ran without pkt-gen.</summary>
    public const string NotGivenNote =
        $"not run: the netmap RX/TX cells were observed by the agent alone. To cross-check them with netmap's own pkt-gen, pass " +
        $"--netmap-modules DIR,tools=TOOLS (or set {ToolsVariable}=TOOLS) with a static {PktGenFileName} of the same build in TOOLS";

    /// <summary>What a skipped pkt-gen test says when no tools are configured.</summary>
    public const string NotConfiguredReason =
        $"no pkt-gen for the guest: set {ToolsVariable}=DIR (a directory holding {PktGenFileName} built from the same netmap tree as the modules, " +
        "linked statically), or pass --netmap-modules DIR,tools=DIR to vnetconf run";

    public string PktGenPath => Path.Combine(Directory, PktGenFileName);

    /// <summary>
    /// The tools of <paramref name="directory"/>, checked: the directory exists and holds a <see cref="PktGenFileName"/>
    /// that is a statically linked x86-64 ELF executable (the guest has no dynamic loader or libc for it).
    /// </summary>
    /// <exception cref="ArgumentException">with the file's path, what is wrong, and the fix</exception>
    public static NetmapTools Checked(string directory)
    {
        var tools = new NetmapTools(Path.GetFullPath(directory));
        if (!System.IO.Directory.Exists(tools.Directory))
            throw new ArgumentException($"netmap tools: {tools.Directory} does not exist; {BuildHint}");
        if (!File.Exists(tools.PktGenPath))
            throw new ArgumentException($"netmap tools: {tools.Directory} holds no {PktGenFileName}; {BuildHint}");
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(tools.PktGenPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"netmap tools: {tools.PktGenPath} cannot be read: {e.Message}", e);
        }
        if (StaticExecutableProblem(bytes) is { } problem)
            throw new ArgumentException($"netmap tools: {tools.PktGenPath} {problem}; {BuildHint}");
        return tools;
    }

    /// <summary>The sha256 of pkt-gen, which results record beside the modules' (<see cref="NetmapBuildIdentity"/>).</summary>
    public string PktGenSha256() => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(PktGenPath)));

    /// <summary>
    /// Null when <paramref name="elf"/> is a little-endian ELF64 x86-64 executable (ET_EXEC, or ET_DYN for a static-pie)
    /// without a PT_INTERP program header; otherwise what it is instead, in words.
    /// </summary>
    public static string? StaticExecutableProblem(ReadOnlySpan<byte> elf)
    {
        const int headerSize = 64;
        if (elf.Length < headerSize || !elf[..4].SequenceEqual("\u007fELF"u8)) return "is not an ELF executable";
        if (elf[4] != 2 /* ELFCLASS64 */ || elf[5] != 1 /* ELFDATA2LSB */) return "is not a 64-bit little-endian ELF file";
        var type = BinaryPrimitives.ReadUInt16LittleEndian(elf[16..]);
        if (type is not (2 /* ET_EXEC */ or 3 /* ET_DYN */)) return $"is an ELF file but not an executable (e_type {type})";
        var machine = BinaryPrimitives.ReadUInt16LittleEndian(elf[18..]);
        if (machine != 62 /* EM_X86_64 */) return $"is not an x86-64 executable (e_machine {machine})";
        var programHeaders = BinaryPrimitives.ReadUInt64LittleEndian(elf[32..]);
        var entrySize = BinaryPrimitives.ReadUInt16LittleEndian(elf[54..]);
        var count = BinaryPrimitives.ReadUInt16LittleEndian(elf[56..]);
        for (var i = 0; i < count; i++)
        {
            var offset = programHeaders + (ulong)(i * entrySize);
            if (offset + 4 > (ulong)elf.Length) return "is a truncated ELF file (its program headers lie beyond its end)";
            if (BinaryPrimitives.ReadUInt32LittleEndian(elf[(int)offset..]) == 3 /* PT_INTERP */)
                return "is dynamically linked (it names a program interpreter), and the guest has no libc for it";
        }
        return null;
    }
}
