using System.Runtime.InteropServices;
using Vnetconf.Links;
using Vnetconf.Model;
using Vnetconf.Reporting;
using Vnetconf.Scenarios;

namespace Vnetconf.Cli;

/// <summary>What a result was measured on, recorded with every run so two runs can be compared A/B.</summary>
public static class RunEnvironment
{
    /// <summary>The host's versions, and the node's name where <see cref="EnvironmentKeys.NodeNameVariable"/> gives one.</summary>
    public static IReadOnlyDictionary<string, string> Describe()
    {
        var environment = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [EnvironmentKeys.HostKernel] = KernelVersion.RunningRelease,
            [EnvironmentKeys.HostOs] = OsRelease(),
            ["architecture"] = RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant(),
            ["vnetconf"] = typeof(RunEnvironment).Assembly.GetName().Version?.ToString() ?? "unknown",
            [".NET"] = RuntimeInformation.FrameworkDescription,
            [EnvironmentKeys.UserNamespace] = UserNamespace.Described,
        };
        // In a container the host name is the pod's, not the machine's: the node is only known when it is passed in.
        if (Environment.GetEnvironmentVariable(EnvironmentKeys.NodeNameVariable) is { Length: > 0 } node)
            environment[EnvironmentKeys.Node] = node;
        return environment;
    }

    private static string OsRelease()
    {
        const string path = "/etc/os-release";
        if (!File.Exists(path)) return "unknown";
        var pretty = File.ReadLines(path).FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal));
        return pretty is null ? "unknown" : pretty["PRETTY_NAME=".Length..].Trim('"');
    }
}
