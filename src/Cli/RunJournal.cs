using Vnetconf.Reporting;

namespace Vnetconf.Cli;

/// <summary>
/// The cells of one invocation as they are judged: kept in memory, so that an interrupted run can still write the
/// results of every finished cell, and appended to <see cref="FileName"/> in the output directory, so that not even
/// a SIGKILL loses them. A run that ends normally writes its results.json files and removes the journal.
/// </summary>
internal sealed class RunJournal : IDisposable
{
    public const string FileName = "journal.jsonl";

    private readonly Lock gate = new();
    private readonly StreamWriter file;
    private readonly List<CellResult> hostCells = [];
    private readonly DateTimeOffset started;
    private List<CellResult>? stackCells;
    private (DirectoryInfo Directory, IReadOnlyDictionary<string, string> Environment) target;
    private bool closed;
    private bool withHostCells = true;

    public RunJournal(DirectoryInfo output, DateTimeOffset started, IReadOnlyDictionary<string, string> environment)
    {
        Path = System.IO.Path.Combine(output.FullName, FileName);
        file = new StreamWriter(Path, append: false) { AutoFlush = true };
        this.started = started;
        target = (output, environment);
    }

    public string Path { get; }

    /// <summary>
    /// From now on, judged cells belong to the stack written to <paramref name="directory"/>; its results begin with the
    /// live host's cells unless it runs the host matrices itself (in a guest on its kernel: <paramref name="ownHostCells"/>).
    /// </summary>
    public void BeginStack(DirectoryInfo directory, IReadOnlyDictionary<string, string> environment, bool ownHostCells = false)
    {
        lock (gate)
        {
            stackCells = [];
            target = (directory, environment);
            withHostCells = !ownHostCells;
        }
    }

    public void Record(CellResult cell)
    {
        lock (gate)
        {
            if (closed) return;
            (stackCells ?? hostCells).Add(cell);
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

    /// <summary>Why the journal could not be written, or null.</summary>
    public string? Failure { get; private set; }

    private IReadOnlyList<CellResult> HostCellsOfStack => withHostCells ? hostCells : [];

    public int JudgedCount
    {
        get
        {
            lock (gate) return hostCells.Count + (stackCells?.Count ?? 0);
        }
    }

    /// <summary>The current stack's results, complete: the host cells, then the stack's, in <paramref name="environment"/>.</summary>
    public RunResults Complete(IReadOnlyDictionary<string, string> environment)
    {
        lock (gate) return new RunResults(RunResults.CurrentSchema, started, environment, [.. HostCellsOfStack, .. stackCells ?? []]);
    }

    /// <summary>
    /// Stops recording and returns where the current stack's results go and what they hold: the host cells and the
    /// stack's cells judged so far, marked interrupted with <paramref name="reason"/>.
    /// </summary>
    public (DirectoryInfo Directory, RunResults Run) Interrupt(string reason)
    {
        lock (gate)
        {
            closed = true;
            var cells = (IReadOnlyList<CellResult>)[.. HostCellsOfStack, .. stackCells ?? []];
            return (target.Directory, new RunResults(RunResults.CurrentSchema, started,
                new SortedDictionary<string, string>(target.Environment.ToDictionary(), StringComparer.Ordinal), cells, reason));
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
}
