using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Guest;
using Vnetconf.Netmap;
using Vnetconf.Packets;
using Vnetconf.Scenarios;

namespace Vnetconf.Conformance.Netmap;

/// <summary>
/// Native against emulated adapter on the same guest path: frames per second a guest sends through netmap:eth0 that
/// arrive on tap0 (its rx_packets), bounded by the profile's ratio (fixtures/profiles, VNETCONF_PROFILE). The native
/// adapter hands slots to the virtqueue directly; the emulated one builds and transmits an skb per slot
/// (nm_os_generic_xmit_frame). What the guest kernel completed is reported beside what arrived.
/// </summary>
public sealed class NetmapThroughputTests() : NetmapGuestFixture(vnetHeader: true, new VirtioNetDeviceOptions(), needsNativeDriver: true)
{
    /// <summary>A minimum-size Ethernet frame: the packet rate, not the byte rate, is what the adapters differ in.</summary>
    private const int FramePayload = 18;

    [Test]
    public void The_native_adapter_sends_at_least_the_profiles_ratio_of_the_emulated_adapters_frame_rate()
    {
        var profile = ThroughputProfile.Load(Path.Combine(TestContext.CurrentContext.TestDirectory, "profiles"));
        var flow = LabAddresses.GuestToStack(IpFamily.IPv4);
        var frame = new byte[FrameBuilder.UdpFrameLength(flow, FramePayload)];
        FrameBuilder.Udp(frame, flow, new byte[FramePayload], L4ChecksumMode.Complete);

        var ratios = new List<double>();
        for (var trial = 0; trial < profile.NetmapTrials; trial++)
        {
            var (native, nativeArrived) = Measure(NetmapAdapterMode.NETMAP_ADMODE_NATIVE, frame, profile.NetmapTrial);
            var (generic, genericArrived) = Measure(NetmapAdapterMode.NETMAP_ADMODE_GENERIC, frame, profile.NetmapTrial);
            TestContext.Progress.WriteLine($"trial {trial}: native {native}, {nativeArrived:0} pps on tap0; generic {generic}, {genericArrived:0} pps on tap0");
            ratios.Add(nativeArrived / genericArrived);
        }
        var median = ratios.Order().ElementAt(ratios.Count / 2);
        TestContext.Progress.WriteLine($"netmap TX, {frame.Length}-byte frames: native/generic pps ratio median {median:0.00} (trials {string.Join(", ", ratios.Select(r => r.ToString("0.00")))})");
        median.Should().BeGreaterThanOrEqualTo(profile.NetmapNativeOverGenericAtLeast, "profile {0}", profile.Name);
    }

    /// <summary>The guest's completed-frame rate, and the rate at which frames arrived on tap0 over the same seconds.</summary>
    private ulong TapArrivals() => Guest.Lab.StackNetlink.GetLink(HostLab.TapName).Stats.RxPackets;

    private (NetmapTransmitRate Guest, double ArrivedPerSecond) Measure(NetmapAdapterMode mode, byte[] frame, TimeSpan duration)
    {
        var open = Guest.Agent.NetmapOpen("netmap:eth0", mode);
        if (open.Refusal is not null) throw new InvalidOperationException($"netmap:eth0 with admode {(int)mode}: {open.RefusalMessage}");
        try
        {
            var before = TapArrivals();
            var rate = Guest.Agent.NetmapTransmitFor(open.PortId!.Value, frame, duration);
            var arrived = TapArrivals() - before;
            open.Adapter.Should().Be(mode == NetmapAdapterMode.NETMAP_ADMODE_NATIVE ? nameof(NetmapAdapterKind.Native) : nameof(NetmapAdapterKind.Generic));
            arrived.Should().BePositive("{0} adapter: {1}", open.Adapter, rate);
            return (rate, arrived / rate.Seconds);
        }
        finally
        {
            Guest.Agent.NetmapClose(open.PortId!.Value);
        }
    }
}
