using System.Diagnostics;
using NUnit.Framework;
using Vnetconf.Model;
using Vnetconf.Perf.Reporting;
using Vnetconf.Scenarios;
using Vnetconf.TestSupport;

namespace Vnetconf.Perf;

/// <summary>
/// The header corpus's pace (cases per second: every case written, each batch closed by a marker frame, the lab's
/// counters read once per batch) against the harness's plain injection of MTU frames into the same kind of lab, in
/// interleaved trials, with the bound from the profile: a fixed wait per case would sink the ratio by orders of magnitude.
/// </summary>
[Category("Perf")]
[NonParallelizable]
public sealed class CorpusThroughputTests
{
    private ThroughputProfile profile = null!;
    private Comparison corpus = null!;

    [OneTimeSetUp]
    public void MeasureInterleavedTrials()
    {
        Skip.Unless(HostCapabilities.HostLab);
        profile = ThroughputProfile.Load();
        var cases = HeaderCorpus.Default;
        corpus = new Comparison("header corpus vs valid-frame injection",
            new Measurement($"header corpus, {cases.Count} cases in {HeaderCorpus.Labs.Count} labs (cases/s)", Quantity.FrameRate),
            new Measurement("harness TAP injection, MTU TCP frame", Quantity.FrameRate),
            profile.CorpusOverInjectionAtLeast, profile.CorpusOverInjectionTarget);

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < profile.CorpusTrials; i++)
        {
            var corpusFirst = i % 2 == 0;
            if (!corpusFirst) corpus.Reference.Add(Injection());
            corpus.Subject.Add(Corpus(cases));
            if (corpusFirst) corpus.Reference.Add(Injection());
        }
        PerfRun.Record(new PerfSection("Header corpus",
            $"profile '{profile.Name}', {profile.CorpusTrials} interleaved trials, {Environment.ProcessorCount} CPUs, kernel {KernelVersion.RunningRelease}; " +
            $"the issue's aim is {cases.Count} cases in under 60 s (measured in {clock.Elapsed.TotalSeconds:F0} s)",
            [corpus]));
    }

    [Test]
    public void The_header_corpus_runs_at_least_r_times_the_pace_of_plain_injection_per_case() =>
        PerfBounds.AssertRatio(profile, corpus, profile.CorpusTrials);

    /// <summary>One whole corpus, every lab, timed as cases over the wall time of all of it (lab set-up included).</summary>
    private static ThroughputSample Corpus(HeaderCorpus cases)
    {
        var clock = Stopwatch.StartNew();
        var observed = HeaderCorpus.Labs.Sum(lab => CorpusProbe.Observe(cases, lab).Outcomes.Count);
        var elapsed = clock.Elapsed;
        return new ThroughputSample(observed, Enumerable.Range(0, cases.Count).Sum(i => (long)cases.Case(i).Bytes().Length), elapsed);
    }

    private static ThroughputSample Injection()
    {
        using var lab = HostLab.ForWritePath(new TapOptions(VnetHeader: true), new NicOptions(TxChecksumming: true, Tso: true));
        return HostPathThroughput.Measure(lab, InjectedFrames.MtuTcp, TimeSpan.FromSeconds(1));
    }
}
