using System.Diagnostics;
using Vnetconf.Model;
using Vnetconf.Scenarios;

namespace Vnetconf.Engine;

/// <summary>
/// What a run does with the pool's work as it happens: the CLI shows progress and journals each cell, the tests keep
/// the results for their cases. Called from the pool's threads, several batches at a time.
/// </summary>
public interface IBatchObserver
{
    /// <summary>The batch's setup (its guest's boot) begins.</summary>
    void SettingUp(MatrixBatch batch);

    /// <summary>The batch's setup failed: each of its cells reports the failure as its error, as the batch's resource keeps it.</summary>
    void SetupFailed(MatrixBatch batch, Exception failure);

    /// <summary><paramref name="cell"/> of <paramref name="batch"/> is about to run.</summary>
    void Starting(MatrixBatch batch, MatrixCell cell);

    /// <summary><paramref name="cell"/> was judged; its result carries its own time.</summary>
    void Judged(MatrixBatch batch, MatrixCell cell, CellResult result, Observation? observation);

    /// <summary>Releasing the batch's resources failed (the engine went away with its guest's container): said, and the run goes on.</summary>
    void ReleaseFailed(MatrixBatch batch, Exception failure);
}

/// <summary>
/// The one scheduler of a run's batches, for `vnetconf run` and the tests alike: up to a given number of batches at a
/// time (and the host matrices beside them), each set up before its first cell, its cells run back to back, its
/// resources released after its last.
/// </summary>
public static class BatchPool
{
    /// <summary>
    /// Guests of different backends run side by side, one per core: a TCG guest keeps its core busy only while it boots
    /// or moves traffic, and its cells' host side waits on it the rest of the time (on 2 cores the default run's guest
    /// cells took 24 s this way against 32-34 s with one guest at a time).
    /// </summary>
    public static int GuestParallelism => Math.Max(1, Environment.ProcessorCount);

    /// <summary>
    /// Runs <paramref name="batches"/>, up to <paramref name="parallelism"/> at a time, and beside them the batches of
    /// <paramref name="serial"/> one after another on a thread of their own: the host matrices, which boot no guest, so
    /// they run while the pool's guests boot instead of before them. Returns each batch's wall time, those of
    /// <paramref name="batches"/> first.
    /// </summary>
    public static IReadOnlyList<TimeSpan> Run(IReadOnlyList<MatrixBatch> batches, int parallelism, IBatchObserver observer, IReadOnlyList<MatrixBatch>? serial = null)
    {
        serial ??= [];
        var elapsed = new TimeSpan[batches.Count + serial.Count];
        var beside = Task.Factory.StartNew(() =>
        {
            for (var i = 0; i < serial.Count; i++) elapsed[batches.Count + i] = RunOne(serial[i], observer);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var pooled = Task.Run(() => Parallel.For(0, batches.Count, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, i => elapsed[i] = RunOne(batches[i], observer)));
        // Both end before the run does; a failure of either is thrown, both when both failed.
        Task.WaitAll(pooled, beside);
        return elapsed;
    }

    /// <summary>Sets <paramref name="batch"/> up, runs its cells back to back and releases it; returns its wall time.</summary>
    private static TimeSpan RunOne(MatrixBatch batch, IBatchObserver observer)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            if (batch.Setup is { } setup)
            {
                observer.SettingUp(batch);
                try
                {
                    setup();
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    observer.SetupFailed(batch, e);
                }
            }
            foreach (var cell in batch.Cells)
            {
                observer.Starting(batch, cell);
                var cellClock = Stopwatch.StartNew();
                var (executed, observation) = cell.Execute();
                observer.Judged(batch, cell, executed with { Seconds = Math.Round(cellClock.Elapsed.TotalSeconds, 4) }, observation);
            }
        }
        finally
        {
            Release(batch, observer);
        }
        return clock.Elapsed;
    }

    /// <summary>
    /// Releases a batch's resources (its guest) after its last cell. A release that fails is said and the run goes on:
    /// every cell of the batch is judged by then, and what the release could not remove dies with its lifeline or is
    /// swept by the next run.
    /// </summary>
    private static void Release(MatrixBatch batch, IBatchObserver observer)
    {
        try
        {
            batch.Resources?.Dispose();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            observer.ReleaseFailed(batch, e);
        }
    }
}
