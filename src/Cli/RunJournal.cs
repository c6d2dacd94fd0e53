using Vnetconf.Model;

using Vnetconf.Reporting;

namespace Vnetconf.Cli;

/// <summary>Where a judged cell goes: the results written to <see cref="Directory"/> (and its pcap/ for a deviating cell's frames).</summary>
internal interface ICellSink
{
    DirectoryInfo Directory { get; }

    void Record(CellResult cell);
}

/// <summary>
/// The cells of one invocation as they are judged: kept in memory, so that an interrupted run can still write the
/// results of every finished cell, and appended to <see cref="FileName"/> in the output directory, so that not even
/// a SIGKILL loses them. The live host's cells are recorded on the journal itself; each stack's on its
/// <see cref="Stack"/>, and stacks may run side by side. A run that ends normally writes its results.json files and
/// removes the journal.
/// </summary>
internal sealed class RunJournal : ICellSink, IDisposable
{
    public const string FileName = "journal.jsonl";

    private readonly Lock gate = new();
    private readonly StreamWriter file;
    private readonly List<CellResult> hostCells = [];
    private readonly List<Stack> stacks = [];
    private readonly DateTimeOffset started;
    private readonly IReadOnlyDictionary<string, string> environment;
    private bool closed;

    public RunJournal(DirectoryInfo output, DateTimeOffset started, IReadOnlyDictionary<string, string> environment)
    {
        Directory = output;
        Path = System.IO.Path.Combine(output.FullName, FileName);
        file = new StreamWriter(Path, append: false) { AutoFlush = true };
        this.started = started;
        this.environment = environment;
    }

    public string Path { get; }

    /// <summary>The output directory: where the live host's cells go when no stack has begun.</summary>
    public DirectoryInfo Directory { get; }

    /// <summary>Why the journal could not be written, or null.</summary>
    public string? Failure { get; private set; }

    /// <summary>A cell of the live host's matrices: part of every stack's results that does not run them itself.</summary>
    public void Record(CellResult cell) => Append(hostCells, cell);

    /// <summary>
    /// A stack written to <paramref name="directory"/>, in <paramref name="environment"/> as known before its cells run;
    /// its results begin with the live host's cells unless it runs the host matrices itself (in a guest on its kernel:
    /// <paramref name="ownHostCells"/>).
    /// </summary>
    public Stack BeginStack(DirectoryInfo directory, IReadOnlyDictionary<string, string> environment, bool ownHostCells = false)
    {
        var stack = new Stack(this, directory, environment, withHostCells: !ownHostCells);
        lock (gate) stacks.Add(stack);
        return stack;
    }

    public int JudgedCount
    {
        get
        {
            lock (gate) return hostCells.Count + stacks.Sum(s => s.Cells.Count);
        }
    }

    /// <summary>
    /// Stops recording and returns where each begun stack's results go (or the host's, when none began) and what they
    /// hold: the cells judged so far, marked interrupted with <paramref name="reason"/>.
    /// </summary>
    public IReadOnlyList<(DirectoryInfo Directory, RunResults Run)> Interrupt(string reason)
    {
        lock (gate)
        {
            closed = true;
            RunResults Interrupted(IReadOnlyDictionary<string, string> environment, IReadOnlyList<CellResult> cells) =>
                new(RunResults.CurrentSchema, started, new SortedDictionary<string, string>(environment.ToDictionary(), StringComparer.Ordinal), cells, reason);
            return stacks.Count == 0
                ? [(Directory, Interrupted(environment, [.. hostCells]))]
                : [.. stacks.Select(s => (s.Directory, Interrupted(s.Environment, s.CellsWithHost())))];
        }
    }

    /// <summary>Closes and removes the journal: every cell it held is in a results file by now.</summary>
    public void Dispose()
    {
        lock (gate)
        {
            closed = true;
            try
            {
                file.Dispose();
            }
            catch (IOException)
            {
                // what it could not flush is in the results files, or reported as Failure already
            }
            File.Delete(Path);
        }
    }

    private void Append(List<CellResult> cells, CellResult cell)
    {
        lock (gate)
        {
            if (closed) return;
            cells.Add(cell);
            if (Failure is not null) return;
            try
            {
                file.WriteLine(ResultsJson.Line(cell));
            }
            catch (IOException e)
            {
                // The cells are still kept in memory for results.json; the exit code reports the lost journal.
                Failure = $"{Path}: {e.Message}";
            }
        }
    }

    /// <summary>One stack's cells, in the order its cells were planned whatever order they were judged in.</summary>
    internal sealed class Stack(RunJournal journal, DirectoryInfo directory, IReadOnlyDictionary<string, string> environment, bool withHostCells) : ICellSink
    {
        private IReadOnlyDictionary<string, int> plannedOrder = new Dictionary<string, int>();

        public DirectoryInfo Directory { get; } = directory;

        public IReadOnlyDictionary<string, string> Environment { get; } = environment;

        public List<CellResult> Cells { get; } = [];

        public void Record(CellResult cell) => journal.Append(Cells, cell);

        /// <summary>The order the results list the stack's cells in (cells run side by side are judged in any order); unplanned ones (skipped, recorded first) go first.</summary>
        public void Plan(IEnumerable<string> cellIds) =>
            plannedOrder = cellIds.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i);

        /// <summary>The stack's results, complete: the host cells (unless it ran its own), then the stack's, in <paramref name="final"/>.</summary>
        public RunResults Complete(IReadOnlyDictionary<string, string> final)
        {
            lock (journal.gate) return new RunResults(RunResults.CurrentSchema, journal.started, final, CellsWithHost());
        }

        /// <summary>Call with the journal's lock held.</summary>
        internal IReadOnlyList<CellResult> CellsWithHost() =>
            [.. withHostCells ? journal.hostCells : [], .. Cells.OrderBy(c => plannedOrder.GetValueOrDefault(c.Id, -1))];
    }
}
