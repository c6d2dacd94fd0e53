using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace Vnetconf.Guest;

/// <summary>
/// The NativeAOT guest agent. A published vnetconf carries it (`dotnet publish` of src/Cli builds it into
/// agent/ beside the CLI, from the same sources), so it runs on a host that never saw the repository. A build run from
/// the checkout publishes it on demand into the cache under a hash of its sources (the agent's and the Harness's, and
/// the build props), so a changed source can never boot a stale agent and an unchanged one is published once.
/// </summary>
public static class GuestAgentBuild
{
    public const string AgentVariable = "VNETCONF_GUEST_AGENT";
    public const string BinaryName = "vnetconf-agent";
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(8);

    /// <summary>Where `dotnet publish` of src/Cli puts the agent, relative to the CLI's own directory.</summary>
    public const string ShippedDirectory = "agent";

    /// <summary>The source tree this build came from (Directory.Build.props records it in every assembly).</summary>
    public static string RepositoryRoot { get; } = typeof(GuestAgentBuild).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!;

    /// <summary>
    /// VNETCONF_GUEST_AGENT when set (a prebuilt binary); else the agent shipped beside a published CLI; otherwise the
    /// agent published from the repository's src/GuestAgent, reused from the cache when its sources are unchanged.
    /// </summary>
    public static string Locate(string cacheDirectory)
    {
        var repositoryRoot = RepositoryRoot;
        if (Environment.GetEnvironmentVariable(AgentVariable) is { Length: > 0 } prebuilt)
            return File.Exists(prebuilt) ? prebuilt : throw new InvalidOperationException($"{AgentVariable}: no file {prebuilt}");
        var shipped = Path.Combine(AppContext.BaseDirectory, ShippedDirectory, BinaryName);
        if (File.Exists(shipped)) return shipped;

        var project = Path.Combine(repositoryRoot, "src", "GuestAgent", "GuestAgent.csproj");
        if (!File.Exists(project))
            throw new InvalidOperationException(
                $"no guest agent: none shipped at {shipped} and no sources at {project} to build one. Fix: use a vnetconf made by " +
                $"`dotnet publish src/Cli` (it ships the agent), or set {AgentVariable} to a vnetconf-agent binary");
        var output = Path.Combine(cacheDirectory, "agent", SourceHash(repositoryRoot));
        var binary = Path.Combine(output, BinaryName);
        if (File.Exists(binary)) return binary;

        var staging = output + $".{Environment.ProcessId}.partial";
        // No build servers or node reuse: the run must leave no process of its own behind.
        ExternalCommand.Run("dotnet", [
            "publish", project, "-c", "Release", "-o", staging, "--nologo",
            "-nodeReuse:false", "-p:UseSharedCompilation=false",
        ], PublishTimeout, repositoryRoot);
        if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
        Directory.Move(staging, output);
        return binary;
    }

    /// <summary>
    /// Where <see cref="Locate"/> would take the agent from, in its order, without building anything or looking at the
    /// repository before it must: the binary's path and how it got there, or (Path null) why there is none and the fix.
    /// </summary>
    public static (string? Path, string Finding) Describe()
    {
        if (Environment.GetEnvironmentVariable(AgentVariable) is { Length: > 0 } prebuilt)
            return File.Exists(prebuilt) ? (prebuilt, $"{prebuilt} (from {AgentVariable})") : (null, $"{AgentVariable}: no file {prebuilt}");
        var shipped = Path.Combine(AppContext.BaseDirectory, ShippedDirectory, BinaryName);
        if (File.Exists(shipped)) return (shipped, $"{shipped} (shipped with this vnetconf)");
        var project = Path.Combine(RepositoryRoot, "src", "GuestAgent", "GuestAgent.csproj");
        return File.Exists(project)
            ? (project, $"published from {project} into the cache at the first guest run")
            : (null, $"none shipped at {shipped} and no sources at {project}");
    }

    /// <summary>SHA-256 over the path and content of every source file the agent is built from.</summary>
    private static readonly string[] AgentSourceDirectories = ["src/GuestAgent", "src/Harness"];
    private static readonly string[] BuildSettingFiles = ["Directory.Build.props", "Directory.Packages.props", "global.json"];

    public static string SourceHash(string repositoryRoot)
    {
        var files = AgentSourceDirectories
            .SelectMany(dir => Directory.EnumerateFiles(Path.Combine(repositoryRoot, dir), "*", SearchOption.AllDirectories))
            .Where(file => !file.Contains("/bin/", StringComparison.Ordinal) && !file.Contains("/obj/", StringComparison.Ordinal))
            .Where(file => file.EndsWith(".cs", StringComparison.Ordinal) || file.EndsWith(".csproj", StringComparison.Ordinal))
            .Concat(BuildSettingFiles.Select(f => Path.Combine(repositoryRoot, f)).Where(File.Exists))
            .Order(StringComparer.Ordinal);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(repositoryRoot, file) + "\0"));
            hash.AppendData(File.ReadAllBytes(file));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }
}
