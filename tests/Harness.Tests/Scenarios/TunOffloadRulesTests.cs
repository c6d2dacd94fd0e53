using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Interop;
using Vnetconf.Model;
using Vnetconf.Scenarios;

namespace Vnetconf.Harness.Tests.Scenarios;

/// <summary>
/// The model of tun.c:set_offload on the cases observed on Linux 6.18 (shared/FACTS: "EINVAL: 0x02, 0x09, 0x10,
/// 0x21, 0x60, 0x81, 0x200. OK: 0x01, 0x03, 0x11, 0x61, 0x7f, 0x1ff"), and by kernel version.
/// </summary>
public sealed class TunOffloadRulesTests
{
    [TestCase(0x02u, false)]
    [TestCase(0x09u, false)]
    [TestCase(0x10u, false)]
    [TestCase(0x21u, false)]
    [TestCase(0x60u, false)]
    [TestCase(0x81u, false)]
    [TestCase(0x200u, false)]
    [TestCase(0x01u, true)]
    [TestCase(0x03u, true)]
    [TestCase(0x11u, true)]
    [TestCase(0x61u, true)]
    [TestCase(0x7fu, true)]
    [TestCase(0x1ffu, true)]
    public void Matches_the_observed_6_18_answers(uint bits, bool accepted) =>
        TunOffloadRules.Accepts((TunOffloads)bits, new KernelVersion(6, 18, 0)).Value.Should().Be(accepted);

    [Test]
    public void USO_is_rejected_before_6_2_and_the_tunnel_bits_before_6_17()
    {
        var uso = TunOffloads.TUN_F_CSUM | TunOffloads.TUN_F_USO4 | TunOffloads.TUN_F_USO6;
        TunOffloadRules.Accepts(uso, new KernelVersion(6, 1, 0)).Value.Should().BeFalse();
        TunOffloadRules.Accepts(uso, new KernelVersion(6, 2, 0)).Value.Should().BeTrue();
        var tunnel = TunOffloads.TUN_F_CSUM | TunOffloads.TUN_F_TSO4 | TunOffloads.TUN_F_UDP_TUNNEL_GSO;
        TunOffloadRules.Accepts(tunnel, new KernelVersion(6, 16, 9)).Reason.Should().Contain("6.17");
        TunOffloadRules.Accepts(tunnel, new KernelVersion(6, 17, 0)).Value.Should().BeTrue();
    }

    [Test]
    public void Describe_uses_the_short_flag_names_and_shows_unknown_bits_in_hex()
    {
        TunOffloadRules.Describe(TunOffloads.None).Should().Be("0");
        TunOffloadRules.Describe(TunOffloads.TUN_F_CSUM | TunOffloads.TUN_F_TSO4).Should().Be("CSUM|TSO4");
        TunOffloadRules.Describe((TunOffloads)0x201).Should().Be("CSUM|0x200");
    }
}
