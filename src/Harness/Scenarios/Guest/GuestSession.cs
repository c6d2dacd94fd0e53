using Vnetconf.Guest;

namespace Vnetconf.Scenarios;

/// <summary>
/// One guest shared by the cells of a batch, booted on first use and stopped when the batch ends. A boot that
/// fails fails each of its cells with the same error (the Lazy keeps it) instead of booting again per cell.
/// </summary>
public sealed class GuestSession(Func<ILabGuest> boot) : IDisposable
{
    private readonly Lazy<ILabGuest> guest = new(boot, LazyThreadSafetyMode.ExecutionAndPublication);

    public ILabGuest Guest => guest.Value;

    /// <summary>
    /// The batch <paramref name="name"/> of <paramref name="cells"/> on this session's guest, booted before the first
    /// and stopped after the last; null, and the session disposed, when there is no cell. A cell that fails on the
    /// host's side (a far end that saw nothing within its wait) also asks the booted guest's agent whether it still
    /// answers: a frozen guest then breaks its channel in that cell, the agent's deadline after the far end's wait, and
    /// its other cells fail at once instead of each waiting again; a live agent answers in milliseconds and the cell's
    /// own failure stands.
    /// </summary>
    public MatrixBatch? Batch(string name, IEnumerable<MatrixCell> cells)
    {
        MatrixCell[] chosen = [.. cells.Select(AskingTheAgentOnFailure)];
        if (chosen.Length > 0) return new MatrixBatch(name, chosen, Setup: () => _ = Guest, Resources: this);
        Dispose();
        return null;
    }

    public void Dispose()
    {
        if (guest.IsValueCreated) guest.Value.Dispose();
    }

    private MatrixCell AskingTheAgentOnFailure(MatrixCell cell) => cell with
    {
        Run = () =>
        {
            try
            {
                return cell.Run();
            }
            // Only a booted guest is asked: asking never boots one, and a failed boot is every cell's error already.
            catch (Exception failure) when (failure is not AgentException and not OutOfMemoryException && guest.IsValueCreated)
            {
                try
                {
                    guest.Value.Agent.Hello();
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
