using System.Text.Json;

namespace Vnetconf.Scenarios;

/// <summary>
/// A named host profile's absolute ceilings on the suite's own time (the "ceilings" object of fixtures/profiles/NAME.json),
/// in seconds: what a user of that host waits at most. A ratios-only profile has none.
/// </summary>
public sealed record ThroughputCeilings
{
    /// <summary>`vnetconf run` with no options: the host matrices and every QEMU stack.</summary>
    public double? DefaultRunSeconds { get; init; }

    /// <summary>`vnetconf run -c host.read -c host.write -c host.hostile`.</summary>
    public double? HostOnlyRunSeconds { get; init; }

    /// <summary>A guest of the default kernel, from QEMU's start to the agent's first answer.</summary>
    public double? BootSeconds { get; init; }

    public static ThroughputCeilings Read(JsonElement ceilings)
    {
        double? Get(string name) => ceilings.TryGetProperty(name, out var value) ? value.GetDouble() : null;
        return new ThroughputCeilings
        {
            DefaultRunSeconds = Get("defaultRunSeconds"),
            HostOnlyRunSeconds = Get("hostOnlyRunSeconds"),
            BootSeconds = Get("bootSeconds"),
        };
    }
}
