using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Conformance.Support;
using Vnetconf.Interop;
using Vnetconf.Links;
using Vnetconf.Scenarios;
using Vnetconf.TestSupport;

namespace Vnetconf.Conformance.Tap;

/// <summary>
/// The tun driver's ioctl contract, as drivers/net/tun.c implements it and QEMU relies on it: one case per entry of
/// the catalogue's <see cref="TunContract"/> (category host.tun), judged as `vnetconf run` judges it.
/// </summary>
[Category("Host")]
public sealed class TapIoctlContractTests
{
    private static readonly MatrixReport Report = new("The tun driver's ioctl contract", [TunContract.Answer, TunContract.ReadsBack], withEvidence: true);

    public static IEnumerable<TestCaseData> Cases() => MatrixCases.Of(HostMatrix.TunContract, "");

    [OneTimeTearDown]
    public void PublishTable() => Report.Publish();

    [TestCaseSource(nameof(Cases))]
    public void Tun_ioctl(MatrixCell cell)
    {
        Skip.Unless(HostCapabilities.HostLab);
        Report.Run(cell).Result.ShouldBeAsDocumented();
    }
}

/// <summary>The harness's own words for a refused ioctl: what a user reads when a lab cannot be built.</summary>
public sealed class TapIoctlErrorTests : HostTest
{
    [Test]
    public void Errors_name_the_call_the_device_and_the_errno()
    {
        using var tap = TapDevice.Create(Ns, "vt0", TunFlags.IFF_TAP | TunFlags.IFF_NO_PI | TunFlags.IFF_VNET_HDR);
        tap.Invoking(t => t.SetOffload(TunOffloads.TUN_F_TSO4)).Should().Throw<SyscallException>()
            .WithMessage($"TUNSETOFFLOAD(0x2) on tap vt0 in {Ns.Name} failed: EINVAL (*)");
    }
}
