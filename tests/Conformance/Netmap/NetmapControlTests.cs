using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Guest;
using Vnetconf.Netmap;

namespace Vnetconf.Conformance.Netmap;

/// <summary>
/// netmap's control requests in a guest: the VALE port header length (PORT_HDR_SET/GET, sys/dev/netmap/netmap.c
/// netmap_ioctl) and adapter selection by admode (netmap_get_hw_na) over the distribution's virtio_net.
/// </summary>
public sealed class NetmapControlTests() : NetmapGuestFixture(vnetHeader: true, new VirtioNetDeviceOptions())
{
    private const string ValePort = "vale0:p0";

    [Test]
    public void A_VALE_port_takes_header_lengths_0_10_and_12_and_reports_them_back()
    {
        WithValePort(() =>
        {
            foreach (var length in new[] { 10, 12, 0 })
            {
                var set = Guest.Agent.NetmapSetHeaderLength(ValePort, length);
                set.Refusal.Should().BeNull("netmap_ioctl accepts 0, sizeof(struct nm_vnet_hdr)=10 and 12 ({0})", set.RefusalMessage);
                Guest.Agent.NetmapGetHeaderLength(ValePort).HeaderLength.Should().Be(length, "PORT_HDR_GET reads back na->virt_hdr_len");
            }
        });
    }

    [TestCase(1)]
    [TestCase(11)]
    [TestCase(20)]
    public void A_VALE_port_rejects_other_header_lengths_with_EINVAL(int length)
    {
        WithValePort(() =>
        {
            Guest.Agent.NetmapSetHeaderLength(ValePort, length).Refusal.Should().Be("EINVAL",
                "netmap_ioctl checks nr_hdr_len against 0, 10 and 12 before looking the port up");
            Guest.Agent.NetmapGetHeaderLength(ValePort).HeaderLength.Should().Be(0, "a rejected length leaves the port as it was");
        });
    }

    [Test]
    public void Setting_the_header_length_of_a_VALE_port_nobody_opened_fails_with_ENXIO()
    {
        Guest.Agent.NetmapSetHeaderLength("vale0:nobody", 12).Refusal.Should().Be("ENXIO",
            "PORT_HDR_SET looks the port up without creating it (netmap_get_vale_na with create=0) and finds no adapter");
    }

    [Test]
    public void Demanding_native_mode_over_the_stock_virtio_net_fails_with_EOPNOTSUPP()
    {
        if (Environment.Modules.PatchedDriverPath is not null)
            Assert.Ignore($"netmap's own virtio_net is loaded ({Environment.Modules.PatchedDriverPath}): eth0 has a native adapter");
        var open = Guest.Agent.NetmapOpen("netmap:eth0", NetmapAdapterMode.NETMAP_ADMODE_NATIVE);
        if (open.PortId is { } id) Guest.Agent.NetmapClose(id);
        open.Refusal.Should().Be("EOPNOTSUPP", "netmap_get_hw_na refuses the generic fallback when admode is 1 (native only)");
        open.RefusalMessage.Should().Contain("admode=1");
    }

    [Test]
    public void Best_mode_over_the_stock_virtio_net_falls_back_to_the_generic_adapter()
    {
        if (Environment.Modules.PatchedDriverPath is not null)
            Assert.Ignore($"netmap's own virtio_net is loaded ({Environment.Modules.PatchedDriverPath}): best mode picks native");
        var open = Guest.Agent.NetmapOpen("netmap:eth0", NetmapAdapterMode.NETMAP_ADMODE_BEST);
        open.Refusal.Should().BeNull(open.RefusalMessage);
        Guest.Agent.NetmapClose(open.PortId!.Value);
        open.Adapter.Should().Be(nameof(NetmapAdapterKind.Generic), "netmap_get_hw_na creates the emulated adapter when the driver has none ({0})", open.AdapterEvidence);
        TestContext.Out.WriteLine($"netmap API {open.ApiVersion}; {open.AdapterEvidence}; {open.Info}; port header {open.HeaderLength}");
    }

    [Test]
    public void Best_mode_with_netmaps_virtio_net_picks_the_native_adapter()
    {
        if (Environment.Modules.PatchedDriverPath is null)
            Assert.Ignore($"no {NetmapGuestModules.PatchedDriverFileName} among the netmap modules ({Environment.Modules.Directory}): eth0 has no native adapter");
        var open = Guest.Agent.NetmapOpen("netmap:eth0", NetmapAdapterMode.NETMAP_ADMODE_BEST);
        open.Refusal.Should().BeNull(open.RefusalMessage);
        Guest.Agent.NetmapClose(open.PortId!.Value);
        open.Adapter.Should().Be(nameof(NetmapAdapterKind.Native), "netmap_get_hw_na prefers the driver's adapter (virtio_netmap_attach) in best mode ({0})", open.AdapterEvidence);
        TestContext.Out.WriteLine($"netmap API {open.ApiVersion}; {open.AdapterEvidence}; {open.Info}; port header {open.HeaderLength}");
    }

    private void WithValePort(Action test)
    {
        var open = Guest.Agent.NetmapOpen(ValePort, admode: null);
        open.Refusal.Should().BeNull("an ephemeral VALE port is created on open ({0})", open.RefusalMessage);
        try
        {
            test();
        }
        finally
        {
            Guest.Agent.NetmapClose(open.PortId!.Value);
        }
    }
}
