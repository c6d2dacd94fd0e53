using NUnit.Framework;
using Vnetconf.Conformance.Support;
using Vnetconf.Scenarios;

namespace Vnetconf.Conformance.Guest;

/// <summary>
/// The guest.device entries, one test case each, judged as `vnetconf run` judges them: every virtio-net-pci property
/// switched off on its own, and a legacy device with mergeable buffers, each a side NIC of one guest.
/// </summary>
public sealed class DeviceVariantTests() : GuestFixture(GuestDeviceCatalogue.Boot.Backend.VnetHeader, GuestDeviceCatalogue.Boot.Backend.Device,
    sideNics: GuestDeviceCatalogue.Boot.SideNics)
{
    private readonly MatrixReport report = new("Guest device variants", GuestNegotiationCatalogue.Aspects, withEvidence: true);

    public static IEnumerable<TestCaseData> Entries() =>
        GuestDeviceCatalogue.Cells(() => throw new InvalidOperationException("cells are only listed here"))
            .Select(c => new TestCaseData(c.Id).SetArgDisplayNames(c.Title));

    [OneTimeTearDown]
    public void PublishTable() => report.Publish();

    [TestCaseSource(nameof(Entries))]
    public void The_variant_negotiates_and_QEMU_sets_on_its_TAP_what_the_catalogue_documents(string id)
    {
        var cell = GuestDeviceCatalogue.Cells(() => Guest).Single(c => c.Id == id);
        report.Run(cell).Result.ShouldBeAsDocumented();
    }
}
