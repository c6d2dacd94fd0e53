using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Cli;
using Vnetconf.Model;
using Vnetconf.Reporting;

namespace Vnetconf.Harness.Tests.Cli;

/// <summary>
/// The journal of a run whose stacks, and a stack's guests, run side by side: each stack's results hold its own cells,
/// in the order they were planned (so two identical runs write identical results), and an interrupted run writes every
/// begun stack's cells.
/// </summary>
public sealed class RunJournalTests
{
    private DirectoryInfo output = null!;

    [SetUp]
    public void CreateOutput() => output = Directory.CreateTempSubdirectory("vnetconf-journal-");

    [TearDown]
    public void RemoveOutput() => output.Delete(recursive: true);

    [Test]
    public void Cells_judged_out_of_order_and_interleaved_with_another_stack_are_listed_in_each_stacks_planned_order()
    {
        using var journal = new RunJournal(output, DateTimeOffset.Now, Environment());
        journal.Record(Cell("host.read.1"));
        var first = journal.BeginStack(Sub("a"), Environment());
        var second = journal.BeginStack(Sub("b"), Environment(), ownHostCells: true);
        first.Record(Skip("netmap.rx.1"));
        first.Plan(["guest.tx.1", "guest.tx.2", "guest.rx.1"]);
        second.Plan(["host.read.1", "guest.tx.1"]);
        foreach (var (stack, id) in new[] { (first, "guest.rx.1"), (second, "guest.tx.1"), (first, "guest.tx.2"), (second, "host.read.1"), (first, "guest.tx.1") })
            stack.Record(Cell(id));

        first.Complete(Environment()).Cells.Select(c => c.Id).Should().Equal("host.read.1", "netmap.rx.1", "guest.tx.1", "guest.tx.2", "guest.rx.1");
        second.Complete(Environment()).Cells.Select(c => c.Id).Should().Equal("host.read.1", "guest.tx.1");
    }

    [Test]
    public void An_interrupted_run_returns_every_begun_stacks_cells_marked_interrupted()
    {
        using var journal = new RunJournal(output, DateTimeOffset.Now, Environment());
        journal.Record(Cell("host.read.1"));
        journal.BeginStack(Sub("a"), Environment()).Record(Cell("guest.tx.1"));
        journal.BeginStack(Sub("b"), Environment()).Record(Cell("guest.rx.1"));

        var interrupted = journal.Interrupt("SIGINT after 3 judged cells");

        interrupted.Select(r => (r.Directory.Name, Cells: string.Join(",", r.Run.Cells.Select(c => c.Id))))
            .Should().Equal(("a", "host.read.1,guest.tx.1"), ("b", "host.read.1,guest.rx.1"));
        interrupted.Should().OnlyContain(r => r.Run.Interrupted == "SIGINT after 3 judged cells");
    }

    private DirectoryInfo Sub(string name) => output.CreateSubdirectory(name);

    private static SortedDictionary<string, string> Environment() => new(StringComparer.Ordinal) { ["host kernel"] = "6.18" };

    private static CellResult Cell(string id) => new(id, id[..id.LastIndexOf('.')], id, CellResult.AsDocumented, [], []);

    private static CellResult Skip(string id) => CellResult.FromSkip(id, id[..id.LastIndexOf('.')], id, "no modules");
}
