using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Cli;
using Vnetconf.Model;
using Vnetconf.Reporting;
using Vnetconf.Scenarios;

namespace Vnetconf.Harness.Tests.Scenarios;

/// <summary>
/// A kernel that answers one corpus case differently is seen: against the model, as a deviation that names the case;
/// against a baseline run, by `compare --gate`, whatever kind of case it is. The cells are built by the product's own
/// <see cref="CorpusMatrix.Judge"/> from one lab's outcomes, as a run builds them from the probe's.
/// </summary>
public sealed class CorpusGateTests
{
    private static readonly KernelVersion Linux618 = new(6, 18, 0);
    private static readonly HeaderCorpus Corpus = HeaderCorpus.Default;
    private static readonly CorpusLab Lab = new(12, NicOffloads: true);
    private const string Gso = "tcpv4";
    private const string Delivered = "delivered: 1 frame, complete";

    private string directory = null!;

    [SetUp]
    public void CreateDirectory() => directory = Directory.CreateTempSubdirectory("vnetconf-corpus-gate-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(directory, recursive: true);

    /// <summary>The kinds of case, by what the model says of it.</summary>
    public enum Kind
    {
        /// <summary>the model decides its whole outcome: rejected by write()</summary>
        Decided,

        /// <summary>write() accepts it and the model leaves its fate to be recorded</summary>
        RecordedAccepted,

        /// <summary>the model cannot decide its write(); the kernel rejected it</summary>
        RecordedRejected,
    }

    [Test]
    public void A_case_answered_otherwise_than_the_model_makes_its_cell_deviate_and_the_deviation_names_it_by_index_and_seed()
    {
        var outcomes = ModelOutcomes();
        var index = Pick(Kind.Decided, outcomes);
        Cell(outcomes).Verdict.Should().Be(CellResult.AsDocumented, "a kernel answering as the model says");

        var changed = Cell(With(outcomes, index, Delivered));

        changed.Verdict.Should().Be(CellResult.Deviates);
        var differing = changed.Aspects.Where(a => !a.AsDocumented).ToArray();
        differing.Should().NotBeEmpty();
        differing.Should().OnlyContain(a => SymmetricDifference(a.Expected, a.Observed).SequenceEqual(new[] { index }),
            "each differing aspect's expected and observed sets differ by case {0} alone", index);
        changed.Notes.Should().ContainSingle(n => n.StartsWith("DEVIATION", StringComparison.Ordinal))
            .Which.Should().Contain($"case #{index} (seed 0x5eedc0de)").And.Contain(Corpus.Case(index).Describe(Corpus.Seed))
            .And.Contain($"observed \"{Delivered}\"");
    }

    [TestCase(Kind.Decided)]
    [TestCase(Kind.RecordedAccepted)]
    [TestCase(Kind.RecordedRejected)]
    public void Compare_gate_fails_on_two_runs_that_differ_in_one_case(Kind kind)
    {
        var outcomes = ModelOutcomes();
        var index = Pick(kind, outcomes);
        // A rejection that changes its errno, or any other answer that becomes a delivery.
        var other = kind == Kind.RecordedRejected ? FrameAspects.Rejected("EFAULT") : Delivered;
        outcomes[index].Should().NotBe(other);
        var baseline = Save("baseline.json", Cell(outcomes));
        var candidate = Save("candidate.json", Cell(With(outcomes, index, other)));

        var exit = CompareCommand.Execute([new FileInfo(baseline), new FileInfo(candidate)], gate: true, onlyDifferences: true,
            new DirectoryInfo(Path.Combine(directory, "compare")));

        exit.Should().Be(ExitCodes.BehaviourDiffers, "case {0} answered \"{1}\", then \"{2}\"", index, outcomes[index], other);
        var comparison = ResultsComparison.Of([("baseline", ResultsJson.Read(baseline)), ("candidate", ResultsJson.Read(candidate))]);
        var rows = comparison.Rows.Where(r => r.Differs || r.MissingIn(1)).ToArray();
        rows.Should().NotBeEmpty().And.OnlyContain(r => r.CellId == $"{HostMatrix.Corpus}.{Lab.Id}.gso-{Gso}");
        rows.Should().Contain(r => r.Values[0].WasRun && Expand(r.Values[0].Observed!).Contains(index) &&
                                   (!r.Values[1].WasRun || !Expand(r.Values[1].Observed!).Contains(index)),
            "the behaviour that held case {0} no longer does", index);
    }

    [Test]
    public void Every_case_of_a_cell_is_in_some_observed_set_whatever_it_answered()
    {
        var outcomes = ModelOutcomes();
        var indices = Indices();
        var observed = Cell(outcomes).Aspects.SelectMany(a => Expand(a.Observed)).ToHashSet();
        indices.Should().OnlyContain(i => observed.Contains(i), "a case in no set could change its answer unseen");
        foreach (var kind in Enum.GetValues<Kind>()) Pick(kind, outcomes); // each kind occurs in the cell
    }

    [Test]
    public void Every_csum_hdr_len_and_gso_size_class_of_the_generator_occurs_among_the_10000_cases()
    {
        var cases = Enumerable.Range(0, Corpus.Count).Select(Corpus.Case).ToArray();
        cases.Should().HaveCount(10_000);
        foreach (var (field, classes) in new[] { ("csum", HeaderCorpus.CsumClasses), ("hdr_len", HeaderCorpus.HdrLenClasses), ("gso_size", HeaderCorpus.GsoSizeClasses) })
        {
            classes.Should().NotBeEmpty();
            var drawn = cases.Select(c => ClassOf(c, field)).ToHashSet();
            drawn.Should().BeEquivalentTo(classes, "every {0} class the generator defines is drawn, and no other", field);
        }
    }

    /// <summary>What a kernel answering as the model says would give; where the model decides nothing, alternately rejected and delivered.</summary>
    private static Dictionary<int, string> ModelOutcomes() =>
        Corpus.IndicesOf(Lab).ToDictionary(i => i, i =>
        {
            var c = Corpus.Case(i);
            var predicted = CorpusModel.Predict(c.Bytes(), Lab, Linux618);
            return predicted.Outcome ?? (predicted.Write is null && i % 2 == 0 ? FrameAspects.Rejected("EINVAL") : CorpusOutcome.Dropped(CorpusOutcome.NoCounter));
        });

    private static int[] Indices() => [.. Corpus.IndicesOf(Lab).Where(i => Corpus.GsoClassOf(i) == Gso)];

    private static int Pick(Kind kind, Dictionary<int, string> outcomes)
    {
        var picked = Indices().Where(i =>
        {
            var c = Corpus.Case(i);
            var predicted = CorpusModel.Predict(c.Bytes(), Lab, Linux618);
            return kind switch
            {
                Kind.Decided => predicted.Outcome is not null && FrameAspects.IsRejected(predicted.Outcome),
                Kind.RecordedAccepted => predicted.Write == FrameAspects.Accepted && predicted.Outcome is null,
                _ => predicted.Write is null && FrameAspects.IsRejected(outcomes[i]),
            };
        }).ToArray();
        picked.Should().NotBeEmpty("cell {0} has a case of kind {1}", Gso, kind);
        return picked[picked.Length / 2];
    }

    private static Dictionary<int, string> With(IReadOnlyDictionary<int, string> outcomes, int index, string outcome) =>
        new(outcomes) { [index] = outcome };

    private static CellResult Cell(IReadOnlyDictionary<int, string> outcomes)
    {
        var cell = CorpusMatrix.Cells(Corpus, Linux618).Single(c => c.Id == $"{HostMatrix.Corpus}.{Lab.Id}.gso-{Gso}");
        var (expected, observed) = CorpusMatrix.Judge(Corpus, Linux618, Indices(), new CorpusLabRun(Lab, outcomes, TimeSpan.FromSeconds(1), 1, 0, 0));
        return CellResult.From(cell.Id, cell.Category, cell.Title, expected, observed);
    }

    private string Save(string name, CellResult cell)
    {
        var path = Path.Combine(directory, name);
        ResultsJson.Write(new RunResults(RunResults.CurrentSchema, DateTimeOffset.UnixEpoch, new Dictionary<string, string> { ["host kernel"] = "6.18.0" }, [cell]), path);
        return path;
    }

    private static int[] SymmetricDifference(string a, string b)
    {
        var set = Expand(a).ToHashSet();
        set.SymmetricExceptWith(Expand(b));
        return [.. set.Order()];
    }

    /// <summary>"3, 7-9" back into 3, 7, 8, 9 (and "none" into nothing): read here, not with the product's code.</summary>
    private static IReadOnlyList<int> Expand(string set) =>
        set == "none"
            ? []
            : [.. set.Split(", ").SelectMany(part => part.Split('-') is [var low, var high]
                ? Enumerable.Range(Number(low), Number(high) - Number(low) + 1)
                : [Number(part)])];

    private static int Number(string text) => int.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The class a case's words give <paramref name="field"/>: "csum=at-l4" → "at-l4".</summary>
    private static string ClassOf(CorpusCase c, string field) =>
        c.Classes.Split(' ').Single(word => word.StartsWith(field + "=", StringComparison.Ordinal))[(field.Length + 1)..];
}
