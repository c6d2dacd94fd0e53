using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Conformance.Support;
using Vnetconf.Interop;
using Vnetconf.Links;

namespace Vnetconf.Conformance.Tap;

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
