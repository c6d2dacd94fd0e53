namespace Vnetconf.Perf;

/// <summary>
/// Where Perf results go: <c>$VNETCONF_RESULTS/perf</c> when the caller names a results directory (as
/// <c>./vnetconf run</c> does), else <c>results/perf</c> of the checkout this assembly was built in, else the
/// current directory's <c>results/perf</c>.
/// </summary>
public static class PerfResults
{
    public static string Directory()
    {
        var root = Environment.GetEnvironmentVariable("VNETCONF_RESULTS") is { Length: > 0 } named
            ? named
            : Path.Combine(CheckoutRoot() ?? Environment.CurrentDirectory, "results");
        var directory = Path.Combine(root, "perf");
        System.IO.Directory.CreateDirectory(directory);
        return directory;
    }

    /// <summary>The nearest directory above this assembly that holds Conformance.sln.</summary>
    private static string? CheckoutRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Conformance.sln"))) return dir.FullName;
        return null;
    }
}
