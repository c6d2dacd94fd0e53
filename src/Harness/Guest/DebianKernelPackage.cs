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
internal static class DebianKernelPackage
{
    public const string MetaPackage = "linux-image-cloud-amd64";
    private const string CompleteMarker = ".vnetconf-complete";
    private static readonly TimeSpan AptTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The suite's newest cloud kernel, from the cache or fetched now.</summary>
    /// <exception cref="InvalidOperationException">apt or dpkg is missing, or the package cannot be resolved or fetched; the message says which</exception>
    public static GuestKernel Fetch(DebianRelease release, string cacheDirectory)
    {
        RequireTools();
        var apt = AptOptions(release, cacheDirectory);
        var package = ResolvePackage(apt, release);
        var version = Field(ExternalCommand.Run("apt-cache", [.. apt, "show", "--no-all-versions", package], AptTimeout).OutputText, "Version")
                      ?? throw new InvalidOperationException($"apt-cache show {package} gave no Version");
        var root = Path.Combine(cacheDirectory, "kernels", $"{package}_{version.Replace(':', '%')}");
        if (!File.Exists(Path.Combine(root, CompleteMarker))) Download(apt, [package, .. Companions(apt, package)], root);
        return Locate(root, $"{release} package {package} {version}");
    }

    /// <summary>
    /// The kernel in the package files <paramref name="debs"/> (a linux-image-*.deb; for a 7.x kernel also its
    /// linux-binary-*, linux-modules-* and linux-base-* files), unpacked into the cache under the files' digest.
    /// </summary>
    /// <exception cref="InvalidOperationException">dpkg is missing, a file is not a package, or the packages hold no kernel</exception>
    public static GuestKernel Unpack(IReadOnlyList<string> debs, string cacheDirectory)
    {
        RequireTools();
        using var digest = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var deb in debs.Order(StringComparer.Ordinal)) digest.AppendData(File.ReadAllBytes(deb));
        var root = Path.Combine(cacheDirectory, "kernels", $"files-{Convert.ToHexStringLower(digest.GetHashAndReset())}");
        if (!File.Exists(Path.Combine(root, CompleteMarker))) Extract(debs, root);
        return Locate(root, $"package file{(debs.Count > 1 ? "s" : "")} {string.Join(", ", debs)}");
    }

    /// <summary>
    /// The kernel unpacked under <paramref name="root"/>: its image (./boot/vmlinuz-*, or ./usr/lib/modules/RELEASE/vmlinuz
    /// as 7.x packages lay it out), its release as the image states it, and ./lib or ./usr/lib/modules/RELEASE.
    /// </summary>
    public static GuestKernel Locate(string root, string origin)
    {
        var image = Images(root).FirstOrDefault()
                    ?? throw new InvalidOperationException(
                        $"no kernel image (boot/vmlinuz-* or usr/lib/modules/*/vmlinuz) in {origin}: a 7.x linux-image-*.deb is a meta package; " +
                        "give its linux-binary-*, linux-modules-* and linux-base-* .deb files with it");
        var release = GuestKernelLocator.ReleaseOf(image);
        // Debian 13 ships modules under /usr/lib/modules (merged /usr); Debian 11 and 12 under /lib/modules.
        var modules = new[] { Path.Combine(root, "lib", "modules", release), Path.Combine(root, "usr", "lib", "modules", release) }
                          .FirstOrDefault(d => Directory.Exists(d) && Directory.EnumerateFiles(d, "*.ko*", SearchOption.AllDirectories).Any())
                      ?? throw new InvalidOperationException($"no modules of {release} (lib/modules/{release} or usr/lib/modules/{release}) in {origin}");
        return new GuestKernel(image, modules, release, origin);
    }

    private static IEnumerable<string> Images(string root)
    {
        var boot = Path.Combine(root, "boot");
        if (Directory.Exists(boot))
            foreach (var image in Directory.GetFiles(boot, "vmlinuz-*").Order(StringComparer.Ordinal)) yield return image;
        foreach (var modules in new[] { Path.Combine(root, "usr", "lib", "modules"), Path.Combine(root, "lib", "modules") }.Where(Directory.Exists))
            foreach (var image in Directory.GetDirectories(modules).Order(StringComparer.Ordinal).Select(d => Path.Combine(d, "vmlinuz")).Where(File.Exists))
                yield return image;
    }

    private static void RequireTools()
    {
        if (ExternalCommand.Find("apt-get") is null || ExternalCommand.Find("dpkg") is null)
            throw new InvalidOperationException("apt-get and dpkg are needed to fetch or unpack a Debian kernel package (this is not a Debian-like host)");
    }

    private static string ResolvePackage(IReadOnlyList<string> apt, DebianRelease release)
    {
        var depends = ExternalCommand.Run("apt-cache", [.. apt, "depends", MetaPackage], AptTimeout).OutputText;
        return Depends(depends).FirstOrDefault(name => name.StartsWith("linux-image-", StringComparison.Ordinal))
               ?? throw new InvalidOperationException($"{MetaPackage} of {release} names no linux-image-* package it depends on");
    }

    /// <summary>
    /// The packages that carry the rest of the kernel of <paramref name="package"/>: since 7.x, linux-image-RELEASE is a
    /// meta package depending on linux-binary-RELEASE (the image), linux-modules-RELEASE and linux-base-RELEASE
    /// (modules.builtin); earlier packages depend on none of the same release.
    /// </summary>
    private static IEnumerable<string> Companions(IReadOnlyList<string> apt, string package)
    {
        var release = package["linux-image-".Length..];
        return Depends(ExternalCommand.Run("apt-cache", [.. apt, "depends", package], AptTimeout).OutputText)
            .Where(name => name.StartsWith("linux-", StringComparison.Ordinal) && name.EndsWith("-" + release, StringComparison.Ordinal))
            .Distinct();
    }

    private static IEnumerable<string> Depends(string aptCacheDepends) =>
        aptCacheDepends.Split('\n')
            .Select(line => line.Trim().TrimStart('|'))
            .Where(line => line.StartsWith("Depends: ", StringComparison.Ordinal))
            .Select(line => line["Depends: ".Length..].Trim())
            .Where(name => !name.StartsWith('<'));

    private static void Download(IReadOnlyList<string> apt, IReadOnlyList<string> packages, string root)
    {
        var download = Directory.CreateTempSubdirectory("vnetconf-kernel-");
        try
        {
            ExternalCommand.Run("apt-get", [.. apt, "download", .. packages], AptTimeout, download.FullName);
            Extract(Directory.GetFiles(download.FullName, "*.deb"), root);
        }
        finally
        {
            download.Delete(recursive: true);
        }
    }

    /// <summary>Unpacks every package into <paramref name="root"/> and marks it complete, so an interrupted unpack is redone.</summary>
    private static void Extract(IReadOnlyList<string> debs, string root)
    {
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true); // an unpack that was interrupted
        Directory.CreateDirectory(root);
        foreach (var deb in debs) ExternalCommand.Run("dpkg", ["-x", deb, root], AptTimeout);
        File.WriteAllText(Path.Combine(root, CompleteMarker), string.Join("\n", debs.Select(Path.GetFileName)) + "\n");
    }

    /// <summary>
    /// No options for a suite the machine's apt already knows; otherwise a private configuration for it, with its
    /// package lists fetched once into the cache.
    /// </summary>
    private static List<string> AptOptions(DebianRelease release, string cacheDirectory)
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
