namespace Vnetconf.Scenarios;

/// <summary>
/// One guest shared by the cells of a backend, booted on first use and stopped when the batch ends. A boot that
/// fails fails each of its cells with the same error (the Lazy keeps it) instead of booting again per cell.
/// </summary>
public sealed class GuestSession(Func<ILabGuest> boot) : IDisposable
{
    private readonly Lazy<ILabGuest> guest = new(boot, LazyThreadSafetyMode.ExecutionAndPublication);

    public ILabGuest Guest => guest.Value;

    /// <summary>The guest when it has booted, else null (not booted yet, or its boot failed): asking never boots it.</summary>
    public ILabGuest? Booted => guest.IsValueCreated ? guest.Value : null;

    public void Dispose()
    {
        if (guest.IsValueCreated) guest.Value.Dispose();
    }
}
