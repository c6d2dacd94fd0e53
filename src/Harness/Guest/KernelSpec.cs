namespace Vnetconf.Guest;

/// <summary>
/// Which kernel a stack's guests boot, as a user names it (<c>--kernel SPEC</c>): a Debian suite's newest cloud kernel,
/// a kernel package file, a kernel build (image plus the modules <c>make modules_install</c> left), or this host's own.
/// </summary>
public abstract record KernelSpec
{
    private const string ModulesOption = "modules=";

    /// <summary>The stack's short name, for its output directory and column.</summary>
    public abstract string Label { get; }

    /// <summary>
    /// <c>host</c>; a Debian release or suite (<c>11</c>, <c>bookworm</c>, <c>trixie-backports</c>, <c>sid</c>…); paths to
    /// kernel packages, <c>linux-image-*.deb[,more.deb…]</c>; or a path to a kernel image with its modules, <c>PATH,modules=DIR</c>.
    /// </summary>
    /// <exception cref="ArgumentException">a spec that names nothing this suite can boot; the message says what is wrong and what is accepted</exception>
    public static KernelSpec Parse(string text)
    {
        if (text == "host") return new Host();
        if (!text.Contains('/', StringComparison.Ordinal) && !text.EndsWith(".deb", StringComparison.Ordinal) && !File.Exists(text.Split(',')[0]))
        {
            try
            {
                return new Debian(DebianRelease.Parse(text));
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"{e.Message.Split(" (Parameter")[0]}; or host, a linux-image-*.deb, or a kernel image PATH[,{ModulesOption}DIR]", nameof(text), e);
            }
        }
        var parts = text.Split(',');
        var path = Path.GetFullPath(parts[0]);
        if (!File.Exists(path)) throw new ArgumentException($"no file {path}", nameof(text));
        if (path.EndsWith(".deb", StringComparison.Ordinal))
        {
            var debs = parts.Select(Path.GetFullPath).ToArray();
            if (debs.FirstOrDefault(d => !d.EndsWith(".deb", StringComparison.Ordinal) || !File.Exists(d)) is { } bad)
                throw new ArgumentException($"{bad}: a kernel given as packages is a list of existing .deb files, PATH.deb[,PATH.deb…]", nameof(text));
            return new PackageFile(debs);
        }
        if (parts.Length != 2 || !parts[1].StartsWith(ModulesOption, StringComparison.Ordinal))
            throw new ArgumentException($"a kernel image needs its modules: {parts[0]},{ModulesOption}DIR (DIR as make modules_install INSTALL_MOD_PATH=DIR leaves it, or its lib/modules/RELEASE)", nameof(text));
        var modules = Path.GetFullPath(parts[1][ModulesOption.Length..]);
        return Directory.Exists(modules) ? new Build(path, modules) : throw new ArgumentException($"no modules directory {modules}", nameof(text));
    }

    /// <summary>The newest cloud kernel package of a Debian suite, fetched with apt into the cache.</summary>
    public sealed record Debian(DebianRelease Release) : KernelSpec
    {
        public override string Label => Release.Label;

        public override string ToString() => Release.ToString();
    }

    /// <summary>Kernel package files (a linux-image-*.deb; for 7.x with its linux-binary, linux-modules and linux-base files), unpacked into the cache.</summary>
    public sealed record PackageFile(IReadOnlyList<string> Paths) : KernelSpec
    {
        public override string Label => System.IO.Path.GetFileNameWithoutExtension(Paths[0]);

        public override string ToString() => string.Join(", ", Paths);

        public bool Equals(PackageFile? other) => other is not null && Paths.SequenceEqual(other.Paths);

        public override int GetHashCode() => Paths.Aggregate(0, (hash, path) => HashCode.Combine(hash, path));
    }

    /// <summary>A kernel build: the image and the directory its modules were installed into.</summary>
    /// <param name="Modules">INSTALL_MOD_PATH (holding lib/modules/RELEASE) or that lib/modules/RELEASE itself</param>
    public sealed record Build(string Image, string Modules) : KernelSpec
    {
        public override string Label => $"build-{System.IO.Path.GetFileName(Image)}";

        public override string ToString() => $"{Image} with modules under {Modules}";
    }

    /// <summary>The running host's kernel (its /boot image and /lib/modules).</summary>
    public sealed record Host : KernelSpec
    {
        public override string Label => "host-kernel";

        public override string ToString() => "this host's kernel";
    }
}
