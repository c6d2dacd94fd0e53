using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Conformance.Support;
using Vnetconf.Interop;
using Vnetconf.Links;
using Vnetconf.Model;
using Vnetconf.Scenarios;

namespace Vnetconf.Conformance.Lab;

/// <summary>
/// How the devices' offload features, as ethtool shows them, follow from what was asked: the TAP's from
/// TUNSETOFFLOAD (what QEMU sets for the guest), the NIC's from the kernel's feature dependencies.
/// </summary>
public sealed class OffloadFeatureTests : HostTest
{
    [Test]
    public void Turning_tx_checksumming_off_on_the_NIC_also_turns_TSO_and_USO_off()
    {
        var lab = Own(HostLab.ForWritePath(new TapOptions(VnetHeader: true), new NicOptions(TxChecksumming: false, Tso: true)));
        // net/core/dev.c: netdev_fix_features drops TSO/TSO6 and GSO_UDP_L4 when no checksum offload is left.
        NicState.Read(lab.Stack, HostLab.NicName).Should().Be(new NicState(TxChecksum: false, Tso4: false, Tso6: false, Uso: false));
    }

    [Test]
    public void Turning_TSO_off_on_the_NIC_leaves_tx_checksumming_and_USO_on()
    {
        var lab = Own(HostLab.ForWritePath(new TapOptions(VnetHeader: true), new NicOptions(TxChecksumming: true, Tso: false)));
        // ethtool's tcp-segmentation-offload group names only the tx-tcp*-segmentation bits.
        NicState.Read(lab.Stack, HostLab.NicName).Should().Be(new NicState(TxChecksum: true, Tso4: false, Tso6: false, Uso: true));
    }

    [Test]
    public void A_new_TAP_has_no_checksum_or_segmentation_offload_until_TUNSETOFFLOAD()
    {
        var tap = Own(TapDevice.Create(Ns, "vt0", TunFlags.IFF_TAP | TunFlags.IFF_NO_PI | TunFlags.IFF_VNET_HDR));
        // tun.c: tun_net_fix_features masks HW_CSUM|TSO*|GSO_UDP_L4 with the offloads set so far: none.
        TapFeatures(tap).Should().Be(new NicState(TxChecksum: false, Tso4: false, Tso6: false, Uso: false));
    }

    [TestCase(TunOffloads.TUN_F_CSUM, true, false, false, false)]
    [TestCase(TunOffloads.TUN_F_CSUM | TunOffloads.TUN_F_TSO4, true, true, false, false)]
    [TestCase(TunOffloads.TUN_F_CSUM | TunOffloads.TUN_F_TSO4 | TunOffloads.TUN_F_TSO6, true, true, true, false)]
    [TestCase(TunOffloads.TUN_F_CSUM | TunOffloads.TUN_F_USO4 | TunOffloads.TUN_F_USO6, true, false, false, true)]
    public void The_TAPs_ethtool_features_follow_TUNSETOFFLOAD(TunOffloads offloads, bool csum, bool tso4, bool tso6, bool uso)
    {
        var tap = Own(TapDevice.Create(Ns, "vt0", TunFlags.IFF_TAP | TunFlags.IFF_NO_PI | TunFlags.IFF_VNET_HDR));
        tap.SetOffload(offloads);
        // tun.c: set_offload → tun->set_features, then netdev_update_features → tun_net_fix_features.
        TapFeatures(tap).Should().Be(new NicState(csum, tso4, tso6, uso));
    }

    /// <summary>
    /// The features the negotiation catalogue expects QEMU's TUNSETOFFLOAD to leave on the TAP come from
    /// <see cref="TunOffloadRules.Features"/>: on this kernel, for every argument it accepts, a fresh TAP shows exactly
    /// those of <see cref="TapOffloadFeatures.All"/> active.
    /// </summary>
    [Test]
    public void Every_accepted_TUNSETOFFLOAD_leaves_the_features_the_model_names()
    {
        using var ethtool = Ethtool.Open(Ns);
        var kernel = KernelVersion.Running;
        Assert.Multiple(() =>
        {
            for (var bits = 0; bits <= (int)TunOffloadRules.AllKnown; bits++)
            {
                var offloads = (TunOffloads)bits;
                if (!TunOffloadRules.Accepts(offloads, kernel).Value) continue;
                using var tap = TapDevice.Create(Ns, "vt0", TunFlags.IFF_TAP | TunFlags.IFF_NO_PI | TunFlags.IFF_VNET_HDR);
                tap.SetOffload(offloads);
                var features = ethtool.GetFeatures(tap.Name);
                TapOffloadFeatures.All.Where(name => features.TryGetValue(name, out var state) && state.Active)
                    .Should().Equal(TunOffloadRules.Features(offloads, kernel), TunOffloadRules.Describe(offloads));
            }
        });
    }

    [Test]
    public void Ethtool_can_lower_but_not_raise_what_TUNSETOFFLOAD_allowed()
    {
        var tap = Own(TapDevice.Create(Ns, "vt0", TunFlags.IFF_TAP | TunFlags.IFF_NO_PI | TunFlags.IFF_VNET_HDR));
        tap.SetOffload(TunOffloads.TUN_F_CSUM | TunOffloads.TUN_F_TSO4);
        using var ethtool = Ethtool.Open(Ns);

        ethtool.SetFeatures(tap.Name, new Dictionary<string, bool> { [NicState.Tso4Feature] = false });
        TapFeatures(tap).Tso4.Should().BeFalse("ethtool may turn an allowed offload off");

        var raise = ethtool.SetFeatures(tap.Name, new Dictionary<string, bool> { [NicState.UsoFeature] = true });
        raise.Should().HaveFlag(EthtoolSetResult.Wish, "USO was not allowed by TUNSETOFFLOAD, so the request stays a wish");
        TapFeatures(tap).Uso.Should().BeFalse();

        tap.SetOffload(TunOffloads.TUN_F_CSUM | TunOffloads.TUN_F_USO4 | TunOffloads.TUN_F_USO6);
        TapFeatures(tap).Uso.Should().BeTrue("the wanted bit takes effect once the next TUNSETOFFLOAD allows it");
    }

    private NicState TapFeatures(TapDevice tap) => NicState.Read(Ns, tap.Name);
}
