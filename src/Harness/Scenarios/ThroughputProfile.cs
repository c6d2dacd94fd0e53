using System.Text.Json;

namespace Vnetconf.Scenarios;

/// <summary>
/// Throughput bounds for a host, from fixtures/profiles/NAME.json. The default profile holds only ratios between
/// two paths measured in the same run, which hold on any host; a named profile may add absolute floors.
/// </summary>
public sealed record ThroughputProfile(string Name, double TsoOverMtuByteRateAtLeast, TimeSpan Trial, int Trials)
{
    /// <summary>The environment variable that names the profile to use (default: "default").</summary>
    public const string Variable = "VNETCONF_PROFILE";

    /// <summary>Loads <c>NAME.json</c> from <paramref name="directory"/>; NAME from <see cref="Variable"/> or "default".</summary>
    public static ThroughputProfile Load(string directory, string? name = null)
    {
        name ??= Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } chosen ? chosen : "default";
        var path = Path.Combine(directory, $"{name}.json");
        if (!File.Exists(path))
            throw new FileNotFoundException($"no throughput profile '{name}' ({path}); the profiles are the *.json files of fixtures/profiles", path);
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var host = json.RootElement.GetProperty("hostPath");
        return new ThroughputProfile(
            name,
            host.GetProperty("tsoOverMtuByteRateAtLeast").GetDouble(),
            TimeSpan.FromSeconds(host.GetProperty("trialSeconds").GetDouble()),
            host.GetProperty("trials").GetInt32());
    }
}
