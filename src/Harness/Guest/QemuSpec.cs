namespace Vnetconf.Guest;

/// <summary>
/// Which QEMU a stack's guests run on, as a user names it (<c>--qemu SPEC</c>): this host's, a qemu-system-x86_64
/// binary (a QEMU build tree's, say), a Debian suite's (from an image built locally of that suite's packages), or any
/// local image that holds one. The version is not part of the spec: it is read from the binary when the run starts.
/// </summary>
public abstract record QemuSpec
{
    private const string FirmwareOption = "firmware=";

    /// <summary>The repository of the images setup/container-fixtures builds, one tag per Debian suite.</summary>
    public const string DebianImageRepository = "vnetconf/qemu";

    /// <summary>A QEMU build tree keeps its firmware here, beside build/qemu-system-x86_64.</summary>
    public const string BuildTreeFirmware = "pc-bios";

    private const string Accepted =
        $"host, container, a Debian release or suite, a {QemuArguments.Binary} PATH[,{FirmwareOption}DIR], or a local image NAME:TAG that holds {QemuArguments.Binary}";

    /// <summary>The stack's short name, for its output directory and column.</summary>
    public abstract string Label { get; }

    /// <summary>
    /// <c>host</c>; <c>container</c>; a Debian release or suite (<c>11</c>, <c>bookworm</c>, <c>trixie-backports</c>, <c>sid</c>…);
    /// a path to a qemu-system-x86_64 binary, <c>PATH[,firmware=DIR]</c>; or a local image <c>NAME:TAG</c>.
    /// </summary>
    /// <exception cref="ArgumentException">a spec that names no QEMU; the message says what is wrong and what is accepted</exception>
    public static QemuSpec Parse(string text)
    {
        if (text == "host") return new Host();
        if (text == "container") return new Container();
        var parts = text.Split(',');
        // A path is told from an image by what exists: image names have slashes too (vnetconf/qemu:debian13).
        var isPath = File.Exists(parts[0]) || Directory.Exists(parts[0]) || parts.Length > 1
                     || text.StartsWith('/') || text.StartsWith('.') || (text.Contains('/', StringComparison.Ordinal) && !text.Contains(':', StringComparison.Ordinal));
        if (isPath) return ParseBinary(parts);
        if (text.Contains(':', StringComparison.Ordinal))
        {
            // The engine's rule: a repository name is lower case, a tag may be either.
            var name = text[..text.LastIndexOf(':')];
            return name.Length == 0 || text.EndsWith(':') || text.Any(char.IsWhiteSpace) || name.Any(char.IsAsciiLetterUpper)
                ? throw new ArgumentException($"'{text}' is no image reference: an image is NAME:TAG with NAME in lower case, as `docker images` lists it", nameof(text))
                : new Image(text);
        }
        try
        {
            return new Debian(DebianRelease.Parse(text));
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{e.Message.Split(" (Parameter")[0]}; or {Accepted}", nameof(text), e);
        }
    }

    private static Binary ParseBinary(string[] parts)
    {
        var path = Path.GetFullPath(parts[0]);
        if (Directory.Exists(path))
            throw new ArgumentException($"{path} is a directory: give the {QemuArguments.Binary} binary in it (a QEMU build tree's build/{QemuArguments.Binary})", nameof(parts));
        if (!File.Exists(path)) throw new ArgumentException($"no file {path}: give an existing {QemuArguments.Binary} binary", nameof(parts));
        if (!Executable(path))
            throw new ArgumentException($"{path} is not executable: chmod +x it, or give the {QemuArguments.Binary} that QEMU's build made", nameof(parts));
        if (parts.Length > 2 || (parts.Length == 2 && !parts[1].StartsWith(FirmwareOption, StringComparison.Ordinal)))
            throw new ArgumentException($"a QEMU binary takes one option, its firmware directory: {parts[0]},{FirmwareOption}DIR (what QEMU's -L takes)", nameof(parts));
        if (parts.Length == 2)
        {
            var firmware = Path.GetFullPath(parts[1][FirmwareOption.Length..]);
            return Directory.Exists(firmware) ? new Binary(path, firmware) : throw new ArgumentException($"no firmware directory {firmware}", nameof(parts));
        }
        // A build tree's binary finds nothing of an installed QEMU's data directory: its pc-bios is beside it.
        var beside = Path.Combine(Path.GetDirectoryName(path)!, BuildTreeFirmware);
        return new Binary(path, Directory.Exists(beside) ? beside : null);
    }

    /// <summary>access(2) with X_OK: whether this process may execute <paramref name="path"/> (for root: whether any execute bit is set).</summary>
    private static unsafe bool Executable(string path)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* p = bytes) return Tmds.Linux.LibC.access(p, Tmds.Linux.LibC.X_OK) == 0;
    }

    /// <summary>A directory name made of <paramref name="text"/>: anything but letters, digits, '.', '-' and '_' becomes '-'.</summary>
    private static string Slug(string text) =>
        new string(text.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '-').ToArray()).Trim('-');

    /// <summary>qemu-system-x86_64 on this host's PATH.</summary>
    public sealed record Host : QemuSpec
    {
        public override string Label => "qemu-host";

        public override string ToString() => $"this host's {QemuArguments.Binary}";
    }

    /// <summary>A qemu-system-x86_64 binary run on this host like the host's own, with QEMU's <c>-L</c> <paramref name="Firmware"/> when set.</summary>
    public sealed record Binary(string Path, string? Firmware) : QemuSpec
    {
        /// <summary>Named by the directories that hold it: a build tree's build/ or an install's bin/ alone says little.</summary>
        public override string Label
        {
            get
            {
                var directory = new DirectoryInfo(System.IO.Path.GetDirectoryName(Path)!);
                var name = directory.Parent is { } parent ? $"{parent.Name}-{directory.Name}" : directory.Name;
                return "qemu-" + Slug(name);
            }
        }

        public override string ToString() => Firmware is null ? Path : $"{Path} with firmware from {Firmware}";
    }

    /// <summary>A QEMU in a local image, run through the container path (the lab built in the container's network namespace).</summary>
    public abstract record InImage : QemuSpec
    {
        /// <summary>NAME:TAG of the image.</summary>
        public abstract string Reference { get; }

        /// <summary>How a missing image is made.</summary>
        public abstract string Fix { get; }
    }

    /// <summary>The default container QEMU: Debian 13's, from the image setup/container-fixtures builds without options.</summary>
    public sealed record Container : InImage
    {
        public override string Label => "qemu-container";
        public override string Reference => new Debian(DebianRelease.Trixie).Reference;
        public override string Fix => new Debian(DebianRelease.Trixie).Fix;

        public override string ToString() => $"{Reference} (Debian 13's QEMU)";
    }

    /// <summary>The QEMU of a Debian suite's qemu-system-x86 package, from the image setup/container-fixtures builds of that suite.</summary>
    public sealed record Debian(DebianRelease Release) : InImage
    {
        public override string Label => $"qemu-{Release.Label}";

        /// <summary>debianN for a release, else the suite: the tag setup/container-fixtures --qemu-suite gives the image.</summary>
        public override string Reference => $"{DebianImageRepository}:{(Release.IsRelease ? $"debian{Release.Number}" : Release.Suite)}";

        public override string Fix => Release == DebianRelease.Trixie ? "run setup/container-fixtures" : $"run setup/container-fixtures --qemu-suite {Release.Suite}";

        public override string ToString() => $"{Reference} ({Release}'s QEMU)";
    }

    /// <summary>Any local image that holds qemu-system-x86_64 on its PATH (and a /bin/sh for the container's entrypoint).</summary>
    public sealed record Image(string Name) : InImage
    {
        public override string Label => "qemu-image-" + Slug(Name);
        public override string Reference => Name;
        public override string Fix => $"build or `docker load` the image {Name} into the local engine (no registry is reachable: images are never pulled)";

        public override string ToString() => Name;
    }
}
