using Vnetconf.Guest;

namespace Vnetconf.Scenarios;

/// <summary>What a batch of guest cells asks its runner to boot: the lab NIC's backend and any NICs beside it.</summary>
/// <param name="Name">what the guest is for, for progress output and its boot time in the results</param>
public sealed record GuestBoot(string Name, GuestBackend Backend, IReadOnlyList<SideNic> SideNics)
{
    /// <summary>A guest with the lab's NIC alone, on <paramref name="backend"/>.</summary>
    public static GuestBoot Of(GuestBackend backend) => new(backend.Id, backend, []);
}
