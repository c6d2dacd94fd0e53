using NUnit.Framework;
using Vnetconf.Conformance.Support;
using Vnetconf.Scenarios;

namespace Vnetconf.Conformance.Guest;

/// <summary>
/// The guest.device entries, one test case each, judged as `vnetconf run` judges them: every virtio-net-pci property
/// switched off on its own, and a legacy device with mergeable buffers, each a side NIC of one guest (the guest
/// matrix run's device batch).
/// </summary>
[Category("Guest")]
public sealed class DeviceVariantTests
{
    private readonly MatrixReport report = new("Guest device variants", GuestNegotiationCatalogue.Aspects, withEvidence: true);

    private GuestMatrixRun run = null!;

    public static IEnumerable<TestCaseData> Entries() =>
        GuestDeviceCatalogue.Cells(MatrixCases.NotBooted).Select(c => new TestCaseData(c.Id).SetArgDisplayNames(c.Title));

    [OneTimeSetUp]
    public void RunTheGuestMatrix() => run = GuestMatrixRun.Require();

    [OneTimeTearDown]
    public void PublishTable() => report.Publish();

    [TestCaseSource(nameof(Entries))]
    public void The_variant_negotiates_and_QEMU_sets_on_its_TAP_what_the_catalogue_documents(string id) =>
        report.Record(run.Judged(GuestMatrixRun.HostQemu, id)).Result.ShouldBeAsDocumented();
}
