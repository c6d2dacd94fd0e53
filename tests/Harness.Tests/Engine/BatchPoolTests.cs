using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Engine;
using Vnetconf.Model;
using Vnetconf.Scenarios;

namespace Vnetconf.Harness.Tests.Engine;

public sealed class BatchPoolTests
{
    /// <summary>Far longer than the pool takes to start a thread; bounds the test when the batches do not overlap.</summary>
    private static readonly TimeSpan Overlap = TimeSpan.FromSeconds(10);

    [Test]
    public void The_serial_batches_run_while_the_pools_batches_are_being_set_up()
    {
        using var guestBooting = new ManualResetEventSlim();
        using var hostCellRan = new ManualResetEventSlim();
        var guest = new MatrixBatch("guest", [Cell("guest.cell", () => { })],
            Setup: () =>
            {
                // A guest's boot: it ends only once a host cell has run while it was under way.
                guestBooting.Set();
                if (!hostCellRan.Wait(Overlap)) throw new TimeoutException("no host cell ran while the guest was being set up");
            });
        var host = new MatrixBatch("host", [Cell("host.cell", () =>
        {
            if (!guestBooting.Wait(Overlap)) throw new TimeoutException("the host cell ran before any guest was being set up");
            hostCellRan.Set();
        })]);
        var observer = new Recorder();

        BatchPool.Run([guest], parallelism: 1, observer, serial: [host]);

        observer.SetupFailures.Should().BeEmpty();
        observer.Errors.Should().BeEmpty();
        observer.JudgedIds.Should().BeEquivalentTo(["guest.cell", "host.cell"]);
    }

    [Test]
    public void A_failure_of_the_pool_and_one_of_the_serial_batches_are_both_thrown()
    {
        var observer = new Recorder { ThrowingOn = ["guest.cell", "host.cell"] };

        var run = () => BatchPool.Run([new MatrixBatch("guest", [Cell("guest.cell", () => { })])], parallelism: 1, observer,
            serial: [new MatrixBatch("host", [Cell("host.cell", () => { })])]);

        run.Should().Throw<AggregateException>().Which.Flatten().InnerExceptions.Select(e => e.Message)
            .Should().BeEquivalentTo(["observer failed on guest.cell", "observer failed on host.cell"]);
    }

    [Test]
    public void The_serial_batches_run_one_after_another_and_their_times_follow_the_pools()
    {
        var running = 0;
        var most = 0;
        MatrixBatch Serial(string name) => new(name, [Cell($"{name}.cell", () =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            Thread.Sleep(50); // long enough for a second serial batch to begin, were they run side by side
            Interlocked.Decrement(ref running);
        })]);
        var pooled = Enumerable.Range(0, 3).Select(i => new MatrixBatch($"guest {i}", [Cell($"guest.{i}", () => { })])).ToArray();

        var elapsed = BatchPool.Run(pooled, parallelism: 2, new Recorder(), serial: [Serial("host-a"), Serial("host-b"), Serial("host-c")]);

        most.Should().Be(1, "the host matrices run one batch at a time");
        elapsed.Should().HaveCount(6);
        elapsed.Skip(3).Should().OnlyContain(t => t >= TimeSpan.FromMilliseconds(50), "the serial batches' times come after the pool's");
    }

    private static MatrixCell Cell(string id, Action body) =>
        new(id, "test", id, () => throw new InvalidOperationException("judged elsewhere"), Elsewhere: () =>
        {
            body();
            return CellResult.FromSkip(id, "test", id, "a scheduling test's cell");
        });

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }

    private sealed class Recorder : IBatchObserver
    {
        private readonly Lock gate = new();

        public List<string> JudgedIds { get; } = [];
        public List<Exception> SetupFailures { get; } = [];

        public void SettingUp(MatrixBatch batch)
        {
        }

        public void SetupFailed(MatrixBatch batch, Exception failure)
        {
            lock (gate) SetupFailures.Add(failure);
        }

        public void Starting(MatrixBatch batch, MatrixCell cell)
        {
        }

        public List<string> Errors { get; } = [];

        /// <summary>The cells whose judgement this observer fails on, as a journal that cannot be written does.</summary>
        public HashSet<string> ThrowingOn { get; init; } = [];

        public void Judged(MatrixBatch batch, MatrixCell cell, CellResult result, Observation? observation)
        {
            if (ThrowingOn.Contains(cell.Id)) throw new InvalidOperationException($"observer failed on {cell.Id}");
            lock (gate)
            {
                JudgedIds.Add(cell.Id);
                if (result.Error is { } error) Errors.Add($"{cell.Id}: {error}");
            }
        }

        public void ReleaseFailed(MatrixBatch batch, Exception failure)
        {
        }
    }
}
