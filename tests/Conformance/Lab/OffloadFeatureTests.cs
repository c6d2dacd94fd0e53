using NUnit.Framework;
using Vnetconf.Conformance.Support;
using Vnetconf.Scenarios;
using Vnetconf.TestSupport;

namespace Vnetconf.Conformance.Lab;

/// <summary>
/// How the devices' offload features, as ethtool shows them, follow from what was asked: the TAP's from
/// TUNSETOFFLOAD (what QEMU sets for the guest), the NIC's from the kernel's feature dependencies. One case per entry
/// of the catalogue's <see cref="FeatureDependencies"/> (category host.features), judged as `vnetconf run` judges it.
/// </summary>
[Category("Host")]
public sealed class OffloadFeatureTests
{
    private static readonly MatrixReport Report = new("Offload features: TUNSETOFFLOAD and the kernel's dependencies", [FeatureDependencies.Features], withEvidence: true);

    public static IEnumerable<TestCaseData> Cases() => MatrixCases.Of(HostMatrix.Features, "");

    [OneTimeTearDown]
    public void PublishTable() => Report.Publish();

    [TestCaseSource(nameof(Cases))]
    public void Offload_features(MatrixCell cell)
    {
        Skip.Unless(HostCapabilities.HostLab);
        Report.Run(cell).Result.ShouldBeAsDocumented();
    }
}
