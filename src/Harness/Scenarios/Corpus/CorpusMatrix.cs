using Vnetconf.Model;


namespace Vnetconf.Scenarios;

/// <summary>
/// The corpus as matrix cells: one per lab setting × gso_type class, so a changed answer is localised to a few dozen
/// cases. A cell's aspects are outcome classes whose values are sets of case indices ("3, 17-19"), compact in
/// results.json and compared by `compare --gate` like any other behaviour:
/// <list type="bullet">
/// <item>"write() accepted", "write() rejected: EINVAL": every case whose write() the model decides, against the model;</item>
/// <item>an outcome ("delivered: 1 frame, complete", "dropped: no counter moved"): the accepted cases whose fate the model decides;</item>
/// <item>"recorded: …": the other accepted cases, and the rejected ones whose write() the model leaves open, by observed
/// outcome; expected "recorded", held to the baseline by the gate.</item>
/// </list>
/// Every case that answers otherwise than the model is named in the notes: seed, index, header, frame.
/// The lab runs once, for the first of its cells, and its outcomes serve them all.
/// </summary>
public static class CorpusMatrix
{
    private const string WritePrefix = "write() ";
    private const string RecordedPrefix = "recorded: ";

    public static IEnumerable<MatrixCell> Cells(HeaderCorpus corpus, KernelVersion kernel)
    {
        foreach (var lab in HeaderCorpus.Labs)
        {
            var run = new Lazy<CorpusLabRun>(() => CorpusProbe.Observe(corpus, lab));
            foreach (var (gso, _) in HeaderCorpus.GsoClasses)
            {
                var indices = corpus.IndicesOf(lab).Where(i => corpus.GsoClassOf(i) == gso).ToArray();
                yield return new MatrixCell($"{HostMatrix.Corpus}.{lab.Id}.gso-{gso}", HostMatrix.Corpus,
                    $"Header corpus 0x{corpus.Seed:x}, {lab}, gso_type {gso}: {indices.Length} cases",
                    () => Judge(corpus, kernel, indices, run.Value), indices.Length);
            }
        }
    }

    /// <summary>The cell's expectation from the model and its observation from the lab's run, aspect by aspect.</summary>
    public static (Expectation Expected, Observation Observed) Judge(HeaderCorpus corpus, KernelVersion kernel, IReadOnlyList<int> indices, CorpusLabRun run)
    {
        var judged = indices.Select(i =>
        {
            var c = corpus.Case(i);
            return new Judged(c, CorpusModel.Predict(c.Bytes(), c.Lab, kernel), run.Outcomes[i]);
        }).ToArray();

        var expectation = new Expectation();
        var observation = new Observation();
        observation.Notes.Add(run.ToString());

        var writeDecided = judged.Where(j => j.Predicted.Write is not null).ToArray();
        AddSets(expectation, observation, writeDecided, j => WritePrefix + j.Predicted.Write, j => WritePrefix + CorpusOutcome.WriteOf(j.Observed));

        var fateDecided = judged.Where(j => j.Predicted.Write == FrameAspects.Accepted && j.Predicted.Outcome is not null).ToArray();
        AddSets(expectation, observation, fateDecided, j => j.Predicted.Outcome!, j => j.Observed);

        // Every case the aspects above leave out is recorded by what it did, so that any changed answer moves an index
        // between sets: an accepted write whose fate the model leaves open, and a write the model cannot decide that
        // was rejected (its errno is in no write() aspect).
        foreach (var group in judged.Except(fateDecided).Where(j => j.Predicted.Write is null || CorpusOutcome.WriteOf(j.Observed) == FrameAspects.Accepted)
                     .GroupBy(j => j.Observed).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            expectation.Add(RecordedPrefix + group.Key, AspectResult.Recorded,
                "the model leaves this fate undecided: " + Distinct(group.Select(j => j.Predicted.Rule)), Distinct(group.Select(j => j.Predicted.Source)));
            observation.Aspects[RecordedPrefix + group.Key] = Ranges(group.Select(j => j.Case.Index));
        }

        foreach (var j in judged)
        {
            var writeDiffers = j.Predicted.Write is { } w && w != CorpusOutcome.WriteOf(j.Observed);
            var fateDiffers = j.Predicted.Write == FrameAspects.Accepted && j.Predicted.Outcome is { } o && o != j.Observed;
            if (writeDiffers || fateDiffers)
                observation.Notes.Add($"DEVIATION {j.Case.Describe(corpus.Seed)}: observed \"{j.Observed}\", model \"{j.Predicted.Outcome ?? j.Predicted.Write}\" — {j.Predicted.Rule} [{j.Predicted.Source}]");
        }
        return (expectation, observation);
    }

    /// <summary>One aspect per class either side names: the indices the model puts there against those observed there.</summary>
    private static void AddSets(Expectation expectation, Observation observation, IReadOnlyList<Judged> judged, Func<Judged, string> predicted, Func<Judged, string> observed)
    {
        foreach (var name in judged.Select(predicted).Concat(judged.Select(observed)).Distinct().Order(StringComparer.Ordinal))
        {
            var expectedHere = judged.Where(j => predicted(j) == name).ToArray();
            expectation.Add(name, Ranges(expectedHere.Select(j => j.Case.Index)),
                expectedHere.Length == 0 ? "the model puts no case here" : Distinct(expectedHere.Select(j => j.Predicted.Rule)),
                expectedHere.Length == 0 ? "the model" : Distinct(expectedHere.Select(j => j.Predicted.Source)));
            observation.Aspects[name] = Ranges(judged.Where(j => observed(j) == name).Select(j => j.Case.Index));
        }
    }

    /// <summary>"none", or ascending indices with runs folded: "3, 7-9, 12".</summary>
    public static string Ranges(IEnumerable<int> indices)
    {
        var sorted = indices.Order().ToArray();
        if (sorted.Length == 0) return "none";
        var parts = new List<string>();
        for (var i = 0; i < sorted.Length;)
        {
            var j = i;
            while (j + 1 < sorted.Length && sorted[j + 1] == sorted[j] + 1) j++;
            parts.Add(j == i ? $"{sorted[i]}" : $"{sorted[i]}-{sorted[j]}");
            i = j + 1;
        }
        return string.Join(", ", parts);
    }

    private sealed record Judged(CorpusCase Case, CorpusPrediction Predicted, string Observed);

    private static string Distinct(IEnumerable<string> texts) => string.Join("; ", texts.Distinct().Order(StringComparer.Ordinal));
}
