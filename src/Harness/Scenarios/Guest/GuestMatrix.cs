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
                .Where(include);
            if (session.Batch($"guest {backend}", cells) is { } batch) yield return batch;
        }
        var devices = new GuestSession(() => boot(GuestDeviceCatalogue.Boot));
        if (devices.Batch($"guest {GuestDeviceCatalogue.Boot.Name}", GuestDeviceCatalogue.Cells(() => devices.Guest).Where(include)) is { } deviceBatch)
            yield return deviceBatch;
    }

    /// <summary>Every cell of the matrix, listed for their ids and titles: no guest is booted.</summary>
    public static IEnumerable<MatrixCell> Listed() =>
        Batches(_ => throw new InvalidOperationException("cells are only listed here"), _ => true).SelectMany(b => b.Cells);
}
