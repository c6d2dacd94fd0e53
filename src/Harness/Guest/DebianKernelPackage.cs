namespace Vnetconf.Guest;

/// <summary>
/// Fetches a Debian cloud kernel package with apt and unpacks it into the cache with <c>dpkg -x</c>: nothing is
/// installed. The metapackage linux-image-cloud-amd64 names the real, versioned package it depends on; the unpacked
/// tree is keyed by that package and its version, so a new kernel lands beside the old one.
/// <para>
/// A release the machine's apt is not configured for (Debian 13 on a Debian 12 host) is read through a private apt
/// configuration in the cache: its own sources file naming the machine's own mirror (<see cref="AptMirror"/>), its
/// own package lists and archive cache. The machine's sources, lists and packages stay untouched.
/// </para>
/// </summary>
public static class DebianKernelPackage
{
    public const string MetaPackage = "linux-image-cloud-amd64";
    private const string CompleteMarker = ".vnetconf-complete";
    private static readonly TimeSpan AptTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The release's cloud kernel, from the cache or fetched now.</summary>
    /// <exception cref="InvalidOperationException">apt or dpkg is missing, or the package cannot be resolved or fetched; the message says which</exception>
    public static GuestKernel Fetch(DebianRelease release, string cacheDirectory)
    {
        if (ExternalCommand.Find("apt-get") is null || ExternalCommand.Find("dpkg") is null)
            throw new InvalidOperationException("apt-get and dpkg are needed to fetch a Debian kernel package (this is not a Debian-like host)");
        var apt = AptOptions(release, cacheDirectory);
        var package = ResolvePackage(apt, release);
        var version = Field(ExternalCommand.Run("apt-cache", [.. apt, "show", "--no-all-versions", package], AptTimeout).OutputText, "Version")
                      ?? throw new InvalidOperationException($"apt-cache show {package} gave no Version");
        var root = Path.Combine(cacheDirectory, "kernels", $"{package}_{version.Replace(':', '%')}");
        if (!File.Exists(Path.Combine(root, CompleteMarker))) Unpack(apt, package, root);
        return Locate(root, $"{release} package {package} {version}");
    }

    /// <summary>The kernel unpacked under <paramref name="root"/> (a package's ./boot and ./lib or ./usr/lib/modules).</summary>
    public static GuestKernel Locate(string root, string origin)
    {
        var image = Directory.GetFiles(Path.Combine(root, "boot"), "vmlinuz-*").Order(StringComparer.Ordinal).FirstOrDefault()
                    ?? throw new InvalidOperationException($"no boot/vmlinuz-* under {root}");
        var release = Path.GetFileName(image)["vmlinuz-".Length..];
        // Debian 13 ships modules under /usr/lib/modules (merged /usr); Debian 12 under /lib/modules.
        var modules = new[] { Path.Combine(root, "lib", "modules", release), Path.Combine(root, "usr", "lib", "modules", release) }
                          .FirstOrDefault(Directory.Exists)
                      ?? throw new InvalidOperationException($"no lib/modules/{release} or usr/lib/modules/{release} under {root}");
        return new GuestKernel(image, modules, release, origin);
    }

    private static string ResolvePackage(IReadOnlyList<string> apt, DebianRelease release)
    {
        var depends = ExternalCommand.Run("apt-cache", [.. apt, "depends", MetaPackage], AptTimeout).OutputText;
        return depends.Split('\n')
                   .Select(line => line.Trim().TrimStart('|'))
                   .Where(line => line.StartsWith("Depends: linux-image-", StringComparison.Ordinal))
                   .Select(line => line["Depends: ".Length..].Trim())
                   .FirstOrDefault()
               ?? throw new InvalidOperationException($"{MetaPackage} of {release} names no linux-image-* package it depends on");
    }

    private static void Unpack(IReadOnlyList<string> apt, string package, string root)
    {
        var download = Directory.CreateTempSubdirectory("vnetconf-kernel-");
        try
        {
            ExternalCommand.Run("apt-get", [.. apt, "download", package], AptTimeout, download.FullName);
            var deb = Directory.GetFiles(download.FullName, "*.deb").Single();
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true); // an unpack that was interrupted
            Directory.CreateDirectory(root);
            ExternalCommand.Run("dpkg", ["-x", deb, root], AptTimeout);
            File.WriteAllText(Path.Combine(root, CompleteMarker), Path.GetFileName(deb) + "\n");
        }
        finally
        {
            download.Delete(recursive: true);
        }
    }

    /// <summary>
    /// No options for a suite the machine's apt already knows; otherwise a private configuration for it, with its
    /// package lists fetched once into the cache.
    /// </summary>
    private static IReadOnlyList<string> AptOptions(DebianRelease release, string cacheDirectory)
    {
        // Downloads land in a root-owned temporary directory that the _apt sandbox user could not write to.
        List<string> options = ["-o", "APT::Sandbox::User=root"];
        var mirror = AptMirror.FromMachine()
                     ?? throw new InvalidOperationException($"no Debian archive in {AptMirror.Deb822Sources} or {AptMirror.OneLineSources} to fetch {release}'s kernel from");
        if (mirror.Suites.Contains(release.Suite)) return options;

        var dir = Path.Combine(cacheDirectory, "apt", release.Suite);
        var sources = Path.Combine(dir, "sources.list");
        var lists = Path.Combine(dir, "lists");
        var cache = Path.Combine(dir, "cache");
        Directory.CreateDirectory(Path.Combine(lists, "partial"));
        Directory.CreateDirectory(Path.Combine(cache, "archives", "partial"));
        var signedBy = mirror.SignedBy is null ? "" : $"[signed-by={mirror.SignedBy}] ";
        File.WriteAllText(sources, $"deb {signedBy}{mirror.Uri} {release.Suite} main\n");
        options.AddRange([
            "-o", $"Dir::Etc::sourcelist={sources}", "-o", "Dir::Etc::sourceparts=-",
            "-o", $"Dir::State::Lists={lists}", "-o", $"Dir::Cache={cache}",
        ]);
        if (!Directory.EnumerateFiles(lists, "*_Packages*").Any())
            ExternalCommand.Run("apt-get", [.. options, "update"], AptTimeout);
        return options;
    }

    private static string? Field(string stanza, string name) =>
        stanza.Split('\n').FirstOrDefault(line => line.StartsWith(name + ": ", StringComparison.Ordinal))?[(name.Length + 2)..].Trim();
}
