using NUnit.Framework;
using Vnetconf.Conformance.Guest;
using Vnetconf.Conformance.Support;
using Vnetconf.Guest;
using Vnetconf.Scenarios;

namespace Vnetconf.Conformance.Netmap;

/// <summary>
/// Base of the Netmap fixtures: one guest with the user's netmap modules booted per fixture on the write-path lab
/// (tap0 ─ br0 ─ nic0 ══ wire0), eth0 up, its console attached to every test that does not pass. A fixture that
/// <paramref name="needsNativeDriver"/> is ignored before booting when the modules lack netmap's virtio_net; one that
/// needs the <paramref name="stockDriver"/> boots an image of netmap.ko over the distribution's virtio_net.
/// </summary>
[Category("Netmap")]
public abstract class NetmapGuestFixture(bool vnetHeader, VirtioNetDeviceOptions device, bool needsNativeDriver = false, bool stockDriver = false)
{
    protected bool VnetHeader { get; } = vnetHeader;
    protected VirtioNetDeviceOptions Device { get; } = device;
    protected NetmapGuestEnvironment Environment { get; private set; } = null!;
    protected GuestLab Guest { get; private set; } = null!;

    [OneTimeSetUp]
    public void BootGuest()
    {
        Environment = NetmapGuestEnvironment.Require();
        if (MissingPrerequisite() is { } missing) Assert.Ignore(missing);
        if (needsNativeDriver && Environment.Modules.PatchedDriverPath is null)
            Assert.Ignore($"no {NetmapGuestModules.PatchedDriverFileName} in {Environment.Modules.Directory}: native cells need netmap's patched " +
                          $"virtio_net built for the guest kernel, next to {NetmapGuestModules.CoreFileName} (in {NetmapGuestModules.ModulesVariable})");
        Guest = GuestLabAttachments.BootReported(Environment.Guest.Platform, VnetHeader, Device, stockDriver ? Environment.StockImage : Environment.Image);
    }

    /// <summary>What else a fixture needs beyond the netmap guest, said before the guest boots; null when nothing is missing.</summary>
    protected virtual string? MissingPrerequisite() => null;

    [TearDown]
    public void AttachConsoleOnFailure() => Guest?.AttachConsoleIfFailed();

    [OneTimeTearDown]
    public void StopGuest() => Guest?.Dispose();
}
