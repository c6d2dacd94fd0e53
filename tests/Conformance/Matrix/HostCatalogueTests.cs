using System.Collections.Concurrent;
using NUnit.Framework;
using Vnetconf.Conformance.Support;
using Vnetconf.Model;
using Vnetconf.Scenarios;
using Vnetconf.TestSupport;

namespace Vnetconf.Conformance.Matrix;

/// <summary>
/// Every host-catalogue entry, one test case each, named by its category and title and judged as `vnetconf run`
/// judges it: the tun ioctl contract, the offload features, rtnetlink's answers, the read and write paths and the
/// hostile headers (the corpus's 160 cells run in one test, HeaderCorpusTests). Each category's table, observed next
/// to documented with the evidence, is printed and saved under results/ when the fixture ends.
/// </summary>
[Category("Host")]
public sealed class HostCatalogueTests
{
    private static readonly ConcurrentDictionary<string, MatrixReport> Reports = new();

    public static IEnumerable<TestCaseData> Entries() =>
        HostMatrix.Cells(KernelVersion.Running).Where(c => c.Category != HostMatrix.Corpus)
            .Select(c => new TestCaseData(c).SetName($"{c.Category}: {c.Title}").SetProperty("ScenarioId", c.Id).SetCategory(c.Category));

    [OneTimeTearDown]
    public void PublishTables()
    {
        foreach (var report in Reports.Values) report.Publish();
    }

    [TestCaseSource(nameof(Entries))]
    public void Host_catalogue_entry(MatrixCell cell)
    {
        Skip.Unless(HostCapabilities.HostLab);
        Reports.GetOrAdd(cell.Category, category => new MatrixReport(category, aspects: null, withEvidence: true)).Run(cell).Result.ShouldBeAsDocumented();
    }
}
