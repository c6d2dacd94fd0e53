using NUnit.Framework;
using Vnetconf.Conformance.Support;
using Vnetconf.Scenarios;
using Vnetconf.TestSupport;

namespace Vnetconf.Conformance.Matrix;

/// <summary>
/// Malformed and mismatched virtio-net headers written to a TAP, each with one of three documented outcomes:
/// rejected by write() with an errno, accepted and dropped later, or delivered to the far application.
/// </summary>
[Category("Host")]
[Category("Hostile")]
public sealed class HostileHeaderTests
{
    private static readonly MatrixReport Report = new("Host write path: hostile and mismatched headers", [HostileHeaderScenario.Outcome, DropAspects.TapFrame, DropAspects.Counter], withEvidence: true);

    public static IEnumerable<TestCaseData> Cases() => MatrixCases.Of(HostMatrix.Hostile, "");

    [OneTimeTearDown]
    public void PublishTable() => Report.Publish();

    [TestCaseSource(nameof(Cases))]
    public void Hostile_write(MatrixCell cell)
    {
        Skip.Unless(HostCapabilities.HostLab);
        Report.Run(cell).Result.ShouldBeAsDocumented();
    }
}
