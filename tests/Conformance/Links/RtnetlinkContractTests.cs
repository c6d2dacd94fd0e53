using NUnit.Framework;
using Vnetconf.Conformance.Support;
using Vnetconf.Scenarios;
using Vnetconf.TestSupport;

namespace Vnetconf.Conformance.Links;

/// <summary>
/// What rtnetlink answers where the kernel decides: one case per entry of <see cref="RtnetlinkContract"/> (category
/// host.rtnetlink), judged as `vnetconf run` judges it. Our client's requests are RtnetlinkTests' subject.
/// </summary>
[Category("Host")]
public sealed class RtnetlinkContractTests
{
    private static readonly MatrixReport Report = new("rtnetlink: the kernel's answers",
        [RtnetlinkContract.Answer, RtnetlinkContract.KernelMessage], withEvidence: true);

    public static IEnumerable<TestCaseData> Cases() => MatrixCases.Of(HostMatrix.Rtnetlink, "");

    [OneTimeTearDown]
    public void PublishTable() => Report.Publish();

    [TestCaseSource(nameof(Cases))]
    public void Rtnetlink(MatrixCell cell)
    {
        Skip.Unless(HostCapabilities.HostLab);
        Report.Run(cell).Result.ShouldBeAsDocumented();
    }
}
