using Vnetconf.Guest;

namespace Vnetconf.Scenarios;

/// <summary>
/// The guest-path cells in the runnable shape the host matrices have (<see cref="MatrixCell"/>). Unlike a host cell a
/// guest cell cannot build its own lab: it runs on a guest booted for its backend and shares it with the other cells
/// of that backend, because the boot is the expensive part.
/// </summary>
public static class GuestMatrix
{
    public const string Transmit = "guest.tx";
    public const string Receive = "guest.rx";

    public static IReadOnlyList<string> Categories { get; } = [GuestNegotiationCatalogue.Category, GuestDeviceCatalogue.Category, Transmit, Receive];

    public static string CategoryOf(GuestPathScenario scenario) => scenario.Direction == GuestPathDirection.Transmit ? Transmit : Receive;

    /// <summary><paramref name="scenario"/> as a cell that runs on the guest <paramref name="guest"/> returns when the cell runs.</summary>
    public static MatrixCell Cell(GuestPathScenario scenario, Func<ILabGuest> guest) =>
        new(scenario.Id, CategoryOf(scenario), scenario.ToString(), () =>
        {
            var booted = guest();
            var (observed, conditions) = GuestPathProbe.Observe(booted.Lab, booted.Agent, scenario);
            return (GuestPathCatalogue.Expect(scenario, conditions), observed); // expectations follow what was negotiated and set
        });

    /// <summary>
    /// One batch per backend with the cells <paramref name="include"/> selects — its negotiation first, while the guest
    /// is as booted, then what rx-gro-hw off and on again does to it, then its traffic — and one for the device variants (<see cref="GuestDeviceCatalogue"/>), each batch
    /// booting its guest with <paramref name="boot"/> before its first cell and stopping it after its last.
    /// </summary>
    public static IEnumerable<MatrixBatch> Batches(Func<GuestBoot, ILabGuest> boot, Func<MatrixCell, bool> include)
    {
        foreach (var backend in GuestBackend.All)
        {
            var session = new GuestSession(() => boot(GuestBoot.Of(backend)));
            var cells = GuestNegotiationCatalogue.Cells(backend, () => session.Guest)
                .Concat(GuestPathCatalogue.Cells(backend).Select(s => Cell(s, () => session.Guest)))
                .Where(include)
                .Select(cell => AskingTheAgentOnFailure(cell, session))
                .ToArray();
            if (cells.Length == 0) continue;
            yield return new MatrixBatch($"guest {backend}", cells, Setup: () => _ = session.Guest, Resources: session);
        }
        var devices = new GuestSession(() => boot(GuestDeviceCatalogue.Boot));
        var deviceCells = GuestDeviceCatalogue.Cells(() => devices.Guest).Where(include).Select(cell => AskingTheAgentOnFailure(cell, devices)).ToArray();
        if (deviceCells.Length > 0)
            yield return new MatrixBatch($"guest {GuestDeviceCatalogue.Boot.Name}", deviceCells, Setup: () => _ = devices.Guest, Resources: devices);
    }

    /// <summary>
    /// <paramref name="cell"/>, which, when it fails on the host's side (a far end that saw nothing within its wait),
    /// also asks the booted guest's agent whether it still answers. A frozen guest then breaks its channel in this cell,
    /// the agent's deadline after the far end's wait, and its other cells fail at once instead of each waiting again;
    /// a live agent answers in milliseconds and the cell's own failure stands.
    /// </summary>
    private static MatrixCell AskingTheAgentOnFailure(MatrixCell cell, GuestSession session) => cell with
    {
        Run = () =>
        {
            try
            {
                return cell.Run();
            }
            catch (Exception failure) when (failure is not AgentException and not OutOfMemoryException && session.Booted is { } guest)
            {
                try
                {
                    guest.Agent.Hello();
                }
                catch (AgentException agent)
                {
                    throw new AgentException($"{failure.Message}\nAsked after that failure, {agent.Message}", failure, agent.What);
                }
                throw;
            }
        },
    };
}
