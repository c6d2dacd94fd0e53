using Vnetconf.Guest;

namespace Vnetconf.Scenarios;

/// <summary>
/// The guest-path cells in the runnable shape the host matrices have (<see cref="MatrixCell"/>). Unlike a host cell a
/// guest cell cannot build its own lab: it runs on a guest the caller booted for its backend and shares it with the
/// other cells of that backend, because the boot is the expensive part.
/// </summary>
public static class GuestMatrix
{
    public const string Transmit = "guest.tx";
    public const string Receive = "guest.rx";

    public static string CategoryOf(GuestPathScenario scenario) => scenario.Direction == GuestPathDirection.Transmit ? Transmit : Receive;

    /// <summary><paramref name="scenario"/> as a cell that runs on the guest behind <paramref name="lab"/>'s TAP, reached through <paramref name="agent"/>.</summary>
    public static MatrixCell Cell(GuestPathScenario scenario, HostLab lab, AgentClient agent) =>
        new(scenario.Id, CategoryOf(scenario), scenario.ToString(), () =>
        {
            var (observed, conditions) = GuestPathProbe.Observe(lab, agent, scenario);
            return (GuestPathCatalogue.Expect(scenario, conditions), observed); // expectations follow what was negotiated and set
        });
}
