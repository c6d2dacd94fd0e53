using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Guest;
using Vnetconf.Links;

namespace Vnetconf.Conformance.Guest;

/// <summary>The same device on a TAP without IFF_VNET_HDR: QEMU cannot pass offload metadata, so it offers none.</summary>
public sealed class NegotiationWithoutVnetHeaderTests() : GuestFixture(vnetHeader: false, new VirtioNetDeviceOptions())
{
    [Test]
    public void The_guest_is_offered_no_checksum_or_segmentation_offload()
    {
        var features = GuestFeatures();
        OffloadFeatures.Where(features.Has).Should().BeEmpty(
            "peer_has_vnet_hdr is false, so virtio_net_get_features clears them all (negotiated: {0})", features);
    }

    [Test]
    public void The_TAP_keeps_every_offload_off()
    {
        var tap = TapFeatures();
        TapOffloadFeatures.Tcp.Where(name => tap[name].Active).Should().BeEmpty("no GUEST_* feature is negotiated, so QEMU sets no TUNSETOFFLOAD bit");
    }

    [Test]
    public void The_guest_NIC_computes_checksums_in_software()
    {
        var eth0 = Guest.Agent.EthtoolFeatures("eth0");
        eth0["tx-checksum-ip-generic"].Active.Should().BeFalse("without CSUM virtio_net does not set NETIF_F_HW_CSUM");
        eth0["tx-tcp-segmentation"].Active.Should().BeFalse("without HOST_TSO4 there is no NETIF_F_TSO");
    }
}
