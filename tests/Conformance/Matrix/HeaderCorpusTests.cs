using NUnit.Framework;
using Vnetconf.Conformance.Support;
using Vnetconf.Model;
using Vnetconf.Scenarios;
using Vnetconf.TestSupport;

namespace Vnetconf.Conformance.Matrix;

/// <summary>
/// The seeded header corpus (10,000 header × frame writes into the TAP): every case answers as the model of the
/// write path says, or, where the model leaves its fate undecided, is recorded for the gate.
/// </summary>
[Category("Host")]
[Category("Hostile")]
public sealed class HeaderCorpusTests
{
    [Test]
    public void Every_corpus_case_is_rejected_dropped_or_delivered_as_the_model_says()
    {
        Skip.Unless(HostCapabilities.HostLab);
        var cells = HostMatrix.Cells(KernelVersion.Running).Where(c => c.Category == HostMatrix.Corpus).ToArray();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var results = cells.Select(c => c.Execute().Result).ToArray();
        var cases = cells.Sum(c => c.Cases);
        TestContext.Out.WriteLine($"{cases} cases in {clock.Elapsed.TotalSeconds:F1} s ({cases / clock.Elapsed.TotalSeconds:F0} cases/s)");
        foreach (var note in results.SelectMany(r => r.Notes).Where(n => n.StartsWith("DEVIATION", StringComparison.Ordinal)))
            TestContext.Out.WriteLine(note);
        results.ShouldAllBeAsDocumented();
    }
}
