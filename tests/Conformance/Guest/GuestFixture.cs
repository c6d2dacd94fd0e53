using NUnit.Framework;
using Vnetconf.Conformance.Support;
using Vnetconf.Guest;
using Vnetconf.Scenarios;

namespace Vnetconf.Conformance.Guest;

/// <summary>
/// Base of the Guest fixtures that need a live guest of their own (the agent's tests): one guest booted per fixture,
/// shared by its tests; its console log is attached to every test that does not pass. The guest matrix's cells run
/// in the engine's run instead (<see cref="GuestMatrixRun"/>).
/// </summary>
[Category("Guest")]
public abstract class GuestFixture(bool vnetHeader, VirtioNetDeviceOptions device)
{
    protected GuestLab Guest { get; private set; } = null!;

    [OneTimeSetUp]
    public void BootGuest() => Guest = GuestLabAttachments.BootReported(GuestEnvironment.Require().Platform, vnetHeader, device);

    [TearDown]
    public void AttachConsoleOnFailure() => Guest?.AttachConsoleIfFailed();

    [OneTimeTearDown]
    public void StopGuest() => Guest?.Dispose();
}
