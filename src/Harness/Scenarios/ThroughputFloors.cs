using System.Text.Json;

namespace Vnetconf.Scenarios;

/// <summary>
/// A named host profile's absolute floors (the "floors" object of fixtures/profiles/NAME.json): the lowest median
/// each measurement may have on that host. They hold only where they were measured, which is why the default
/// profile has none; each is optional, and a missing one is not asserted.
/// </summary>
public sealed record ThroughputFloors
{
    /// <summary>The harness's MTU TCP frames/s injected into the TAP and counted at the far end.</summary>
    public double? TapInjectionFramesPerSecond { get; init; }

    /// <summary>The harness's TCPV4 GSO super-frame injection, bits/s at the far end.</summary>
    public double? TsoInjectionBitsPerSecond { get; init; }

    /// <summary>The harness's UDP_L4 GSO super-frame injection, bits/s at the far end.</summary>
    public double? UsoInjectionBitsPerSecond { get; init; }

    /// <summary>Guest TX bulk TCP goodput with vnet_hdr on and the guest's TSO on, bits/s.</summary>
    public double? GuestTransmitBitsPerSecond { get; init; }

    /// <summary>Guest RX bulk TCP goodput with vnet_hdr on, bits/s.</summary>
    public double? GuestReceiveBitsPerSecond { get; init; }

    public static ThroughputFloors Read(JsonElement floors)
    {
        double? Get(string name) => floors.TryGetProperty(name, out var value) ? value.GetDouble() : null;
        return new ThroughputFloors
        {
            TapInjectionFramesPerSecond = Get("tapInjectionFramesPerSecond"),
            TsoInjectionBitsPerSecond = Get("tsoInjectionBitsPerSecond"),
            UsoInjectionBitsPerSecond = Get("usoInjectionBitsPerSecond"),
            GuestTransmitBitsPerSecond = Get("guestTransmitBitsPerSecond"),
            GuestReceiveBitsPerSecond = Get("guestReceiveBitsPerSecond"),
        };
    }
}
