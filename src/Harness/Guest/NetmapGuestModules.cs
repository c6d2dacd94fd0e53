using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Vnetconf.Guest;

/// <summary>
/// User-supplied netmap modules for the guest image: netmap.ko built for the guest kernel and, optionally, netmap's
/// patched virtio_net.ko, which then replaces the distribution's driver (that is what gives eth0 a native adapter).
/// The suite never builds netmap itself; it only carries what the user gives it.
/// </summary>
/// <param name="Directory">holds <see cref="CoreFileName"/> and optionally <see cref="PatchedDriverFileName"/></param>
/// <param name="Parameters">netmap.ko's module parameters, as insmod takes them (name=value, space-separated)</param>
public sealed partial record NetmapGuestModules(string Directory, string Parameters)
{
    public const string ModulesVariable = "VNETCONF_NETMAP_MODULES";
    public const string ParametersVariable = "VNETCONF_NETMAP_PARAMS";

    public const string CoreFileName = "netmap.ko";
    public const string PatchedDriverFileName = "virtio_net.ko";

    /// <summary>
    /// netmap's default pool (NETMAP_BUF_MAX_NUM = 163840 buffers of 2 KiB plus rings and interfaces, about 343 MB,
    /// sys/dev/netmap/netmap_mem2.c) does not fit a 256 MiB guest; 4096 buffers (8 MiB) serve a few ports of 256-slot rings.
    /// </summary>
    public const string DefaultParameters = "buf_num=4096";

    /// <summary>What a skipped test says when no modules are configured.</summary>
    public static string NotConfiguredReason =>
        $"no netmap modules for the guest: set {ModulesVariable}=DIR (a directory holding {CoreFileName} built for the guest kernel, " +
        $"optionally netmap's {PatchedDriverFileName} for the native cells)";

    public string CorePath => Path.Combine(Directory, CoreFileName);

    /// <summary>The user's name for this build (<c>--netmap-modules DIR,label=TEXT</c>), which names its stack; null when none was given.</summary>
    public string? Label { get; init; }

    /// <summary>Leave the distribution's virtio_net in place even if the directory has netmap's (for the stock-driver cells).</summary>
    public bool StockDriver { get; init; }

    /// <summary>netmap's patched virtio_net.ko when the directory has one, else null (the distribution's driver stays).</summary>
    public string? PatchedDriverPath => !StockDriver && File.Exists(Path.Combine(Directory, PatchedDriverFileName)) ? Path.Combine(Directory, PatchedDriverFileName) : null;

    /// <summary>Why the native adapter's cells cannot run with these modules (no netmap virtio_net among them), or null when they can.</summary>
    public string? NativeDriverGap => PatchedDriverPath is null
        ? $"no {PatchedDriverFileName} in {Directory}: the native adapter needs netmap's patched virtio_net built for the guest kernel, next to {CoreFileName}"
        : null;

    /// <summary>The same netmap.ko over the distribution's virtio_net: what the stock-driver cells need when netmap's driver is supplied.</summary>
    public NetmapGuestModules WithStockDriver() => this with { StockDriver = true };

    /// <summary>netmap's tools of the same build (pkt-gen), run beside the agent in the RX/TX cells; null when none were given.</summary>
    public NetmapTools? Tools { get; init; }

    /// <summary>
    /// The option's words: <c>DIR</c>, <c>DIR,label=TEXT</c> (the label names the build's stack and column), and
    /// <c>tools=DIR</c> (a directory with a static pkt-gen of the same build, <see cref="NetmapTools"/>).
    /// </summary>
    public const string OptionSyntax = "DIR[,label=TEXT][,tools=DIR]";

    /// <summary>
    /// The module sets of the repeatable <c>--netmap-modules</c> (<paramref name="specs"/>, each <see cref="OptionSyntax"/>),
    /// or else the one of VNETCONF_NETMAP_MODULES; empty when neither gives any. Labels must be distinct, so each build's
    /// stack has a name of its own.
    /// </summary>
    /// <exception cref="ArgumentException">a spec is malformed, a label repeats, or the parameters are not name=value words</exception>
    public static IReadOnlyList<NetmapGuestModules> FromOptions(IReadOnlyList<string> specs)
    {
        if (specs.Count == 0) return FromEnvironment() is { } configured ? [configured] : [];
        var builds = specs.Select(Parse).ToArray();
        if (builds.Length > 1 && builds.Any(b => b.Label is null))
            throw new ArgumentException($"--netmap-modules given {builds.Length} times: give each a label ({OptionSyntax}), which names its stack");
        if (builds.GroupBy(b => b.Label).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new ArgumentException($"--netmap-modules: label '{twice.Key}' is given twice; each build needs its own");
        return builds;
    }

    /// <exception cref="ArgumentException">not <see cref="OptionSyntax"/>, or a label that is not a plain word</exception>
    private static NetmapGuestModules Parse(string spec)
    {
        var parts = spec.Split(',');
        string? label = null;
        NetmapTools? tools = null;
        foreach (var option in parts.Skip(1))
        {
            if (option.StartsWith("tools=", StringComparison.Ordinal) && tools is null && option.Length > "tools=".Length)
            {
                try
                {
                    tools = NetmapTools.Checked(option["tools=".Length..]);
                }
                catch (ArgumentException e)
                {
                    throw new ArgumentException($"--netmap-modules {spec}: {e.Message}", e);
                }
                continue;
            }
            if (!option.StartsWith("label=", StringComparison.Ordinal) || label is not null)
                throw new ArgumentException($"--netmap-modules {spec}: use {OptionSyntax}");
            label = option["label=".Length..];
            // The label becomes a directory name under the output and a column header: a plain word only.
            if (!LabelWord().IsMatch(label))
                throw new ArgumentException($"--netmap-modules {spec}: a label is letters, digits, '.', '_' and '-' (it names the stack's directory)");
        }
        if (parts[0].Length == 0) throw new ArgumentException($"--netmap-modules {spec}: use {OptionSyntax}");
        var build = FromEnvironment(parts[0])! with { Label = label };
        return tools is null ? build : build with { Tools = tools };
    }

    /// <summary>What identifies these modules in results: each file's sha256 and the srcversion and vermagic modpost wrote into it.</summary>
    /// <exception cref="InvalidOperationException">a module cannot be read (call <see cref="CheckFiles"/> first for the clear message)</exception>
    public NetmapBuildIdentity Identify() => new(Label, [.. Modules.Select(path =>
    {
        var bytes = File.ReadAllBytes(path);
        var info = KernelModuleInfo.Parse(bytes);
        return new NetmapModuleIdentity(Path.GetFileName(path), Convert.ToHexStringLower(SHA256.HashData(bytes)), info.Value("srcversion"), info.VersionMagic);
    })]) { PktGenSha256 = Tools?.PktGenSha256() };

    /// <summary>
    /// The modules of <paramref name="directory"/> (a command-line option) or else of VNETCONF_NETMAP_MODULES, with the
    /// parameters of VNETCONF_NETMAP_PARAMS (default <see cref="DefaultParameters"/>) and the tools of VNETCONF_NETMAP_TOOLS
    /// (<see cref="NetmapTools"/>, checked) either way; null when no directory is given.
    /// </summary>
    /// <exception cref="ArgumentException">the parameters are not plain name=value words (<see cref="Parameters"/>), or the tools are not usable</exception>
    public static NetmapGuestModules? FromEnvironment(string? directory = null)
    {
        directory ??= Environment.GetEnvironmentVariable(ModulesVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : null;
        if (directory is null) return null;
        var parameters = Environment.GetEnvironmentVariable(ParametersVariable) is { Length: > 0 } given ? given : DefaultParameters;
        var tools = Environment.GetEnvironmentVariable(NetmapTools.ToolsVariable) is { Length: > 0 } toolsDirectory
            ? NetmapTools.Checked(toolsDirectory)
            : null;
        return new NetmapGuestModules(Path.GetFullPath(directory), parameters) { Tools = tools };
    }

    /// <summary>
    /// netmap.ko's parameters, checked however the modules were given: they become part of /init's insmod line, where
    /// nothing may end the command or start another, so only name=value words separated by single spaces pass.
    /// </summary>
    /// <exception cref="ArgumentException">with a message naming <see cref="ParametersVariable"/> and the grammar</exception>
    public string Parameters { get; init; } = Parameters.Split(' ').All(word => ParameterWord().IsMatch(word))
        ? Parameters
        : throw new ArgumentException($"{ParametersVariable}='{Parameters}': module parameters are name=value words separated by spaces (name: letters, digits, _; value: letters, digits, _ , . -)");

    /// <summary>
    /// Checks what can be checked before a guest kernel is chosen: the directory holds <see cref="CoreFileName"/> and every
    /// module there is a kernel module (an ELF file with a vermagic).
    /// </summary>
    /// <exception cref="InvalidOperationException">the directory or netmap.ko is missing, or a module is not a kernel module</exception>
    public void CheckFiles()
    {
        if (!System.IO.Directory.Exists(Directory)) throw new InvalidOperationException($"netmap modules: {Directory} does not exist");
        if (!File.Exists(CorePath)) throw new InvalidOperationException($"netmap modules: {Directory} holds no {CoreFileName}");
        foreach (var path in Modules) VersionMagic(path);
    }

    /// <summary>
    /// Checks the files (<see cref="CheckFiles"/>) and that the modules were built for <paramref name="kernelRelease"/> (their
    /// vermagic starts with it: the guest kernel would refuse them otherwise, and the failure would only show on the guest's console).
    /// </summary>
    /// <exception cref="InvalidOperationException">a module is missing, unreadable, not a kernel module, or built for another kernel</exception>
    public void Validate(string kernelRelease)
    {
        CheckFiles();
        foreach (var path in Modules)
        {
            var magic = VersionMagic(path);
            if (!magic.StartsWith(kernelRelease + " ", StringComparison.Ordinal))
                throw new InvalidOperationException($"{path} was built for '{magic}', not for the guest kernel {kernelRelease}");
        }
    }

    private IEnumerable<string> Modules => new[] { CorePath, PatchedDriverPath }.OfType<string>();

    private static string VersionMagic(string path)
    {
        try
        {
            return KernelModuleInfo.Parse(File.ReadAllBytes(path)).VersionMagic ?? throw new FormatException("it has no vermagic");
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException or ArgumentOutOfRangeException or OverflowException)
        {
            throw new InvalidOperationException($"{path} is not a kernel module netmap can be loaded from: {e.Message}", e);
        }
    }

    [GeneratedRegex(@"\A[A-Za-z_][A-Za-z0-9_]*=[A-Za-z0-9_.,-]+\z")]
    private static partial Regex ParameterWord();

    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9_.-]*\z")]
    private static partial Regex LabelWord();

    public override string ToString() =>
        $"{(Label is null ? "" : $"{Label}: ")}{CorePath}{(PatchedDriverPath is { } driver ? $" + {driver}" : " (stock virtio_net)")} [{Parameters}]" +
        (Tools is null ? "" : $", tools {Tools.PktGenPath}");
}
