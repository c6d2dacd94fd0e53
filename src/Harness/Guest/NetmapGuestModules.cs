namespace Vnetconf.Guest;

/// <summary>
/// User-supplied netmap modules for the guest image: netmap.ko built for the guest kernel and, optionally, netmap's
/// patched virtio_net.ko, which then replaces the distribution's driver (that is what gives eth0 a native adapter).
/// The suite never builds netmap itself; it only carries what the user gives it.
/// </summary>
/// <param name="Directory">holds <see cref="CoreFileName"/> and optionally <see cref="PatchedDriverFileName"/></param>
/// <param name="Parameters">netmap.ko's module parameters, as insmod takes them (name=value, space-separated)</param>
public sealed record NetmapGuestModules(string Directory, string Parameters)
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

    /// <summary>netmap's patched virtio_net.ko when the directory has one, else null (the distribution's driver stays).</summary>
    public string? PatchedDriverPath => File.Exists(Path.Combine(Directory, PatchedDriverFileName)) ? Path.Combine(Directory, PatchedDriverFileName) : null;

    /// <summary>VNETCONF_NETMAP_MODULES and VNETCONF_NETMAP_PARAMS (default <see cref="DefaultParameters"/>); null when no directory is set.</summary>
    public static NetmapGuestModules? FromEnvironment()
    {
        if (Environment.GetEnvironmentVariable(ModulesVariable) is not { Length: > 0 } directory) return null;
        var parameters = Environment.GetEnvironmentVariable(ParametersVariable) is { Length: > 0 } given ? given : DefaultParameters;
        return new NetmapGuestModules(Path.GetFullPath(directory), parameters);
    }

    /// <summary>
    /// Checks that the parameters are plain name=value words, and that the modules exist and were built for <paramref name="kernelRelease"/> (their vermagic starts with
    /// it: the guest kernel would refuse them otherwise, and the failure would only show on the guest's console).
    /// </summary>
    /// <exception cref="InvalidOperationException">a parameter is not a plain word, a module is missing, unreadable, or built for another kernel</exception>
    public void Validate(string kernelRelease)
    {
        // The parameters become part of /init's insmod line: nothing there may end the command or start another.
        if (!Parameters.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '=' or ',' or '.' or '-' or ' '))
            throw new InvalidOperationException($"{ParametersVariable}='{Parameters}': module parameters are name=value words (letters, digits, _ = , . -)");
        if (!File.Exists(CorePath)) throw new InvalidOperationException($"{ModulesVariable}={Directory} holds no {CoreFileName}");
        foreach (var path in new[] { CorePath, PatchedDriverPath }.OfType<string>())
        {
            var magic = KernelModuleInfo.Parse(File.ReadAllBytes(path)).VersionMagic;
            if (magic is null || !magic.StartsWith(kernelRelease + " ", StringComparison.Ordinal))
                throw new InvalidOperationException($"{path} was built for '{magic ?? "no vermagic"}', not for the guest kernel {kernelRelease}");
        }
    }

    public override string ToString() =>
        $"{CorePath}{(PatchedDriverPath is { } driver ? $" + {driver}" : " (stock virtio_net)")} [{Parameters}]";
}
