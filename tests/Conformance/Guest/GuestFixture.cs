using NUnit.Framework;
using Vnetconf.Conformance.Support;
using Vnetconf.Guest;
using Vnetconf.Scenarios;

namespace Vnetconf.Conformance.Guest;

/// <summary>
/// Base of the Guest fixtures: one guest booted per fixture (the device configuration is the fixture's), shared by
/// its tests so the run stays a few boots long; its console log is attached to every test that does not pass.
/// </summary>
[Category("Guest")]
public abstract class GuestFixture(bool vnetHeader, VirtioNetDeviceOptions device, bool vhost = false, IReadOnlyList<SideNic>? sideNics = null)
{
    protected bool VnetHeader { get; } = vnetHeader;
    protected VirtioNetDeviceOptions Device { get; } = device;
    protected GuestLab Guest { get; private set; } = null!;

    [OneTimeSetUp]
    public void BootGuest()
    {
        RequireBackend();
        Guest = GuestLabAttachments.BootReported(Platform(), VnetHeader, Device, vhost: vhost, sideNics: sideNics);
    }

    /// <summary>The kernel image and accelerator the fixture boots: the run's default guest environment, unless a fixture is about another kernel.</summary>
    protected virtual GuestPlatform Platform() => GuestEnvironment.Require().Platform;

    /// <summary>Ignores the fixture before the boot when the host lacks what its backend needs.</summary>
    protected virtual void RequireBackend()
    {
    }

    [TearDown]
    public void AttachConsoleOnFailure() => Guest?.AttachConsoleIfFailed();

    [OneTimeTearDown]
    public void StopGuest() => Guest?.Dispose();
}
