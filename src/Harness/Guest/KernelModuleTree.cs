using System.IO.Compression;

namespace Vnetconf.Guest;

/// <summary>
/// A kernel's module directory (<c>/lib/modules/RELEASE</c>): which modules are loadable files, which are built in
/// (<c>modules.builtin</c>), and the load order of a set of modules with every dependency before its user, resolved
/// from each module's own <c>depends=</c> (<see cref="KernelModuleInfo"/>).
/// </summary>
internal sealed class KernelModuleTree
{
    private static readonly string[] Suffixes = [".ko", ".ko.xz", ".ko.zst", ".ko.gz"];

    private readonly Dictionary<string, string> files = new(StringComparer.Ordinal);
    private readonly HashSet<string> builtin = new(StringComparer.Ordinal);

    public KernelModuleTree(string directory)
    {
        if (!System.IO.Directory.Exists(directory)) throw new DirectoryNotFoundException($"no module directory {directory}");
        Directory = directory;
        foreach (var file in System.IO.Directory.EnumerateFiles(directory, "*.ko*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            if (NameOf(file) is { } name) files.TryAdd(name, file);
        var builtinList = Path.Combine(directory, "modules.builtin");
        if (File.Exists(builtinList))
            foreach (var line in File.ReadLines(builtinList))
                if (NameOf(line.Trim()) is { } name) builtin.Add(name);
    }

    public string Directory { get; }

    /// <summary>True when <paramref name="name"/> is compiled into the kernel image (nothing to load).</summary>
    public bool IsBuiltin(string name) => builtin.Contains(Canonical(name));

    /// <summary>The loadable file of <paramref name="name"/>, or null.</summary>
    public KernelModule? Find(string name) =>
        files.TryGetValue(Canonical(name), out var path) ? new KernelModule(Canonical(name), path) : null;

    /// <summary>
    /// The modules to insmod, in order, so that <paramref name="wanted"/> are all loaded: each dependency before its
    /// users, built-in modules left out.
    /// </summary>
    /// <exception cref="InvalidOperationException">a module is neither a file of this tree nor built in, or the dependencies form a cycle</exception>
    public IReadOnlyList<KernelModule> ResolveLoadOrder(IEnumerable<string> wanted)
    {
        var order = new List<KernelModule>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        var visiting = new HashSet<string>(StringComparer.Ordinal);

        void Visit(string name, string neededBy)
        {
            name = Canonical(name);
            if (done.Contains(name) || IsBuiltin(name)) return;
            if (!visiting.Add(name)) throw new InvalidOperationException($"module dependency cycle through {name}");
            var module = Find(name) ?? throw new InvalidOperationException(
                $"module {name} (needed by {neededBy}) is neither a file under {Directory} nor listed in modules.builtin");
            foreach (var dependency in KernelModuleInfo.Parse(ReadPlain(module)).Depends) Visit(dependency, name);
            visiting.Remove(name);
            done.Add(name);
            order.Add(module);
        }

        foreach (var name in wanted) Visit(name, "the guest");
        return order;
    }

    /// <summary>The module's ELF bytes, decompressed if the file is compressed.</summary>
    public static byte[] ReadPlain(KernelModule module)
    {
        var path = module.Path;
        if (path.EndsWith(".ko", StringComparison.Ordinal)) return File.ReadAllBytes(path);
        if (path.EndsWith(".gz", StringComparison.Ordinal))
        {
            using var input = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
            using var output = new MemoryStream();
            input.CopyTo(output);
            return output.ToArray();
        }
        var tool = path.EndsWith(".xz", StringComparison.Ordinal) ? "xz" : "zstd";
        if (ExternalCommand.Find(tool) is null)
            throw new InvalidOperationException($"{path} is compressed and {tool} is not installed (apt-get install {(tool == "xz" ? "xz-utils" : "zstd")})");
        return ExternalCommand.Run(tool, ["-dc", path], TimeSpan.FromSeconds(60)).Output;
    }

    /// <summary>Module names use '_'; file names may use '-' for the same module (virtio-rng.ko is virtio_rng).</summary>
    public static string Canonical(string name) => name.Replace('-', '_');

    private static string? NameOf(string path)
    {
        var file = Path.GetFileName(path);
        var suffix = Suffixes.FirstOrDefault(s => file.EndsWith(s, StringComparison.Ordinal));
        return suffix is null ? null : Canonical(file[..^suffix.Length]);
    }
}
