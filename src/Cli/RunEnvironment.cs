using System.Runtime.InteropServices;
using Vnetconf.Reporting;
using Vnetconf.Scenarios;

namespace Vnetconf.Cli;

/// <summary>What a result was measured on, recorded with every run so two runs can be compared A/B.</summary>
public static class RunEnvironment
{
    public static IReadOnlyDictionary<string, string> Describe() => new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        [EnvironmentKeys.HostKernel] = KernelVersion.RunningRelease,
        [EnvironmentKeys.HostOs] = OsRelease(),
        ["architecture"] = RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant(),
        ["vnetconf"] = typeof(RunEnvironment).Assembly.GetName().Version?.ToString() ?? "unknown",
        [".NET"] = RuntimeInformation.FrameworkDescription,
    };

    private static string OsRelease()
    {
        const string path = "/etc/os-release";
        if (!File.Exists(path)) return "unknown";
        var pretty = File.ReadLines(path).FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal));
        return pretty is null ? "unknown" : pretty["PRETTY_NAME=".Length..].Trim('"');
    }
}
