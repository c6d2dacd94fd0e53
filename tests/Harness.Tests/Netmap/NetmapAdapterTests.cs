using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Netmap;

namespace Vnetconf.Harness.Tests.Netmap;

/// <summary>
/// Inferring the adapter a registration got, from the messages netmap logs (netmap_generic.c, LINUX/virtio_netmap.h;
/// nm_prinf prefixes a timestamp, the line and the function) and from the admode in force.
/// </summary>
public class NetmapAdapterTests
{
    [Test]
    public void The_emulated_adapters_activation_message_means_generic()
    {
        var adapter = NetmapAdapter.Identify("eth0", NetmapAdapterMode.NETMAP_ADMODE_BEST,
            ["000.123456 [ 320] generic_netmap_register   Emulated adapter for eth0 activated"]);

        adapter.Kind.Should().Be(NetmapAdapterKind.Generic);
        adapter.Evidence.Should().Contain("Emulated adapter for eth0 activated");
    }

    [Test]
    public void Another_interfaces_activation_message_is_not_evidence() =>
        NetmapAdapter.Identify("eth0", NetmapAdapterMode.NETMAP_ADMODE_BEST,
            ["000.1 [ 320] generic_netmap_register   Emulated adapter for eth1 activated"]).Kind.Should().Be(NetmapAdapterKind.Unknown);

    [Test]
    public void The_native_virtio_adapters_receive_buffer_message_means_native() =>
        NetmapAdapter.Identify("eth0", NetmapAdapterMode.NETMAP_ADMODE_BEST,
            ["000.2 [ 651] virtio_netmap_init_buffers added 256 inbufs on queue 0"]).Kind.Should().Be(NetmapAdapterKind.Native);

    [TestCase(NetmapAdapterMode.NETMAP_ADMODE_NATIVE, NetmapAdapterKind.Native)]
    [TestCase(NetmapAdapterMode.NETMAP_ADMODE_GENERIC, NetmapAdapterKind.Generic)]
    [TestCase(NetmapAdapterMode.NETMAP_ADMODE_BEST, NetmapAdapterKind.Unknown)]
    public void Without_log_evidence_the_admode_in_force_decides(NetmapAdapterMode admode, NetmapAdapterKind kind) =>
        NetmapAdapter.Identify("eth0", admode, null).Kind.Should().Be(kind);

    [Test]
    public void A_kmsg_record_yields_its_message_without_prefix_or_dictionary()
    {
        NetmapKernelLog.MessageOf("6,1234,5678901,-;000.1 [ 320] generic_netmap_register Emulated adapter for eth0 activated\n SUBSYSTEM=net\n")
            .Should().Be("000.1 [ 320] generic_netmap_register Emulated adapter for eth0 activated");
    }
}
