using Vnetconf.Guest;
using Vnetconf.Model;
using Vnetconf.Netmap;
using Vnetconf.Packets;

namespace Vnetconf.Scenarios;

/// <summary>
/// Native against emulated adapter on the same guest path: frames per second a guest sends through netmap:eth0 that
/// arrive on tap0 (its rx_packets), in interleaved trials, the median ratio judged against the profile
/// (<see cref="NetmapGuestCatalogue.NativeOverGenericRate"/>). Needs netmap's virtio_net for the native adapter.
/// </summary>
public static class NetmapThroughput
{
    public const string Category = "netmap.throughput";

    /// <summary>A minimum-size Ethernet frame: the packet rate, not the byte rate, is what the adapters differ in.</summary>
    private const int FramePayload = 18;

    public static MatrixCell Cell(Func<ILabGuest> guest, Func<ThroughputProfile> profile) =>
        new($"{Category}.tx.native-over-generic", Category, "netmap:eth0 TX frames/s, native over generic adapter (vnet_hdr=on, modern)",
            () =>
            {
                var chosen = profile();
                return (NetmapGuestCatalogue.NativeOverGenericRate(chosen), Observe(guest(), chosen));
            });

    private static Observation Observe(ILabGuest guest, ThroughputProfile profile)
    {
        var flow = LabAddresses.GuestToStack(IpFamily.IPv4);
        var frame = new byte[FrameBuilder.UdpFrameLength(flow, FramePayload)];
        FrameBuilder.Udp(frame, flow, new byte[FramePayload], L4ChecksumMode.Complete);

        var observed = new Observation();
        var ratios = new List<double>();
        for (var trial = 0; trial < profile.NetmapTrials; trial++)
        {
            var (native, nativeArrived) = Measure(guest, NetmapAdapterMode.NETMAP_ADMODE_NATIVE, frame, profile.NetmapTrial);
            var (generic, genericArrived) = Measure(guest, NetmapAdapterMode.NETMAP_ADMODE_GENERIC, frame, profile.NetmapTrial);
            observed.Notes.Add($"trial {trial}: native {native}, {nativeArrived:0} pps on tap0; generic {generic}, {genericArrived:0} pps on tap0");
            ratios.Add(nativeArrived / genericArrived);
        }
        var median = ratios.Order().ElementAt(ratios.Count / 2);
        observed.Notes.Add($"{frame.Length}-byte frames: native/generic median {median:0.00} (trials {string.Join(", ", ratios.Select(r => r.ToString("0.00")))})");
        observed.Aspects[NetmapAspects.NativeOverGenericRate] = NetmapAspects.RatioAgainst(median, profile.NetmapNativeOverGenericAtLeast);
        return observed;
    }

    /// <summary>The guest's completed-frame rate, and the rate at which frames arrived on tap0 over the same seconds.</summary>
    private static (NetmapTransmitRate Guest, double ArrivedPerSecond) Measure(ILabGuest guest, NetmapAdapterMode mode, byte[] frame, TimeSpan duration)
    {
        var open = guest.Agent.NetmapOpen(NetmapGuestProbe.GuestPort, mode);
        if (open.Refusal is not null) throw new InvalidOperationException($"{NetmapGuestProbe.GuestPort} with admode {(int)mode}: {open.RefusalMessage}");
        try
        {
            var wanted = mode == NetmapAdapterMode.NETMAP_ADMODE_NATIVE ? nameof(NetmapAdapterKind.Native) : nameof(NetmapAdapterKind.Generic);
            if (open.Adapter != wanted) throw new InvalidOperationException($"admode {(int)mode} gave the {open.Adapter} adapter ({open.AdapterEvidence}), not {wanted}");
            var before = TapArrivals(guest);
            var rate = guest.Agent.NetmapTransmitFor(open.PortId!.Value, frame, duration);
            var arrived = TapArrivals(guest) - before;
            if (arrived == 0) throw new InvalidOperationException($"{open.Adapter} adapter: nothing arrived on tap0 ({rate})");
            return (rate, arrived / rate.Seconds);
        }
        finally
        {
            guest.Agent.NetmapClose(open.PortId!.Value);
        }
    }

    private static ulong TapArrivals(ILabGuest guest) => guest.Lab.StackNetlink.GetLink(HostLab.TapName).Stats.RxPackets;
}
