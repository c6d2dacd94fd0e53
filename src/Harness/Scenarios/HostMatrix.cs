using Vnetconf.Model;


namespace Vnetconf.Scenarios;

/// <summary>One runnable cell of a matrix, in a shape every runner (the CLI, the NUnit suite) can drive alike.</summary>
/// <param name="Id">the stable scenario id results are keyed by</param>
/// <param name="Category">the matrix it belongs to ("host.read", "host.write", "host.hostile")</param>
/// <param name="Title">the scenario in words</param>
/// <param name="Run">builds the lab, observes, and states the expectation</param>
/// <param name="Cases">how many cases the cell judges: one, or a corpus cell's many (for cases-per-second)</param>
/// <param name="Elsewhere">when set, the cell runs somewhere else that judges it with this same catalogue (a guest on the
/// kernel under test) and returns the result; <paramref name="Run"/> is then not called here</param>
public sealed record MatrixCell(string Id, string Category, string Title, Func<(Expectation Expected, Observation Observed)> Run, int Cases = 1,
    Func<CellResult>? Elsewhere = null)
{
    /// <summary>Runs the cell; a lab that fails or times out becomes an error result, not an exception.</summary>
    public (CellResult Result, Observation? Observation) Execute()
    {
        try
        {
            if (Elsewhere is not null) return (Elsewhere(), null);
            var (expected, observed) = Run();
            return (CellResult.From(Id, Category, Title, expected, observed), observed);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return (CellResult.FromError(Id, Category, Title, e), null);
        }
    }
}

/// <summary>The host-level matrices as runnable cells: the catalogues, paired with their probes.</summary>
public static class HostMatrix
{
    public const string ReadPath = "host.read";
    public const string WritePath = "host.write";
    public const string Hostile = "host.hostile";
    public const string Corpus = "host.corpus";
    public const string TunContract = "host.tun";
    public const string Features = "host.features";
    public const string Rtnetlink = "host.rtnetlink";

    public static IReadOnlyList<string> Categories { get; } = [TunContract, Features, Rtnetlink, ReadPath, WritePath, Hostile, Corpus];

    public static IEnumerable<MatrixCell> Cells(KernelVersion kernel) =>
        Scenarios.TunContract.All.Concat(FeatureDependencies.All).Concat(RtnetlinkContract.All).Select(e => e.Cell(kernel))
            .Concat(ReadPathCatalogue.All(kernel).Select(s => new MatrixCell(s.Id, ReadPath, s.ToString(),
                () => (ReadPathCatalogue.Expect(s, kernel), ReadPathProbe.Observe(s))))
            .Concat(WritePathCatalogue.All().Select(s => new MatrixCell(s.Id, WritePath, s.ToString(),
                () => (WritePathCatalogue.Expect(s, kernel), WritePathProbe.Observe(s, kernel)))))
            .Concat(HostileHeaderCatalogue.All.Select(c => new MatrixCell(c.Id, Hostile, c.Name,
                () => (c.Expect(kernel), HostileHeaderProbe.Observe(c, kernel)))))
            .Concat(CorpusMatrix.Cells(HeaderCorpus.Default, kernel)));
}
