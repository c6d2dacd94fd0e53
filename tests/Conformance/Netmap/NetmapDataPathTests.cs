using NUnit.Framework;
using Vnetconf.Conformance.Support;
using Vnetconf.Guest;
using Vnetconf.Links;
using Vnetconf.Netmap;
using Vnetconf.Packets;
using Vnetconf.Scenarios;

namespace Vnetconf.Conformance.Netmap;

/// <summary>
/// netmap:eth0 in a guest with the emulated (generic) adapter and with netmap's native virtio_net adapter, for each
/// TAP vnet_hdr setting and device flavour: where a received buffer starts and how long its slot is, and what a
/// frame sent through the port looks like on tap0. Native cells need netmap's virtio_net.ko among the modules.
/// </summary>
[TestFixtureSource(nameof(Cases))]
public sealed class NetmapDataPathTests(string cellName, NetmapAdapterMode mode, bool vnetHeader, VirtioNetDeviceOptions device)
    : NetmapGuestFixture(vnetHeader, device, needsNativeDriver: mode == NetmapAdapterMode.NETMAP_ADMODE_NATIVE)
{
    private const string GuestPort = "netmap:eth0";
    private static readonly TimeSpan FrameWait = TimeSpan.FromSeconds(3);

    /// <summary>Every byte of the frames used here fits: the comparison sees whole frames, never a truncated prefix.</summary>
    private const int LeadingBytes = 256;

    public static IEnumerable<TestFixtureData> Cases()
    {
        // mrg_rxbuf decides the header size of a legacy device (10 or 12 bytes); a modern one always uses 12.
        VirtioNetDeviceOptions[] devices = [new(), new() { MrgRxbuf = false }, new() { Legacy = true }, new() { Legacy = true, MrgRxbuf = false }];
        string[] deviceNames = ["modern", "modern, mrg_rxbuf=off", "legacy", "legacy, mrg_rxbuf=off"];
        foreach (var mode in new[] { NetmapAdapterMode.NETMAP_ADMODE_GENERIC, NetmapAdapterMode.NETMAP_ADMODE_NATIVE })
            foreach (var vnetHeader in new[] { true, false })
                for (var i = 0; i < devices.Length; i++)
                {
                    var name = $"{ModeName(mode)}, vnet_hdr={(vnetHeader ? "on" : "off")}, {deviceNames[i]}";
                    yield return new TestFixtureData(name, mode, vnetHeader, devices[i]).SetArgDisplayNames(name);
                }
    }

    [Test]
    public void A_frame_injected_on_tap0_arrives_in_a_netmap_slot_as_documented()
    {
        var cell = new MatrixCell($"netmap.guest.rx.{Slug(cellName)}", "netmap.guest", cellName,
            () => (NetmapGuestExpectations.Receive(mode, VnetHeader, Device), ObserveReceive()));
        NetmapReports.Receive.Run(cell).Result.ShouldBeAsDocumented();
    }

    [Test]
    public void A_frame_sent_through_a_netmap_port_reaches_tap0_as_documented()
    {
        var cell = new MatrixCell($"netmap.guest.tx.{Slug(cellName)}", "netmap.guest", cellName,
            () => (NetmapGuestExpectations.Transmit(mode, Device), ObserveTransmit()));
        NetmapReports.Transmit.Run(cell).Result.ShouldBeAsDocumented();
    }

    private Observation ObserveReceive()
    {
        var marker = $"vnetconf netmap rx {cellName}";
        var frame = NetmapAspects.MarkedUdpFrame(LabAddresses.GuestToStack(IpFamily.IPv4).Reversed(), marker, L4ChecksumMode.Partial, out var built);
        // NEEDS_CSUM from the csum_start/offset of the frame's own UDP header: what a host stack's partial frame carries.
        var header = built.OffloadHeader();

        return WithPort((port, observed) =>
        {
            using (var tap = PacketSocket.Open(Guest.Lab.Stack, HostLab.TapName, vnetHeader: true))
                tap.Send(HostileFrames.Compose(header, VirtioNetHeader.LegacySize, frame));
            observed.Notes.Add($"injected on tap0: {frame.Length} B with {header}");
            NetmapAspects.AddReceived(observed, ReceiveFrameWith(port, marker), frame);
        });
    }

    private Observation ObserveTransmit()
    {
        var marker = $"vnetconf netmap tx {cellName}";
        var frame = NetmapAspects.MarkedUdpFrame(LabAddresses.GuestToStack(IpFamily.IPv4), marker, L4ChecksumMode.Complete, out _);

        return WithPort((port, observed) =>
        {
            using var tap = PacketSocket.Open(Guest.Lab.Stack, HostLab.TapName, vnetHeader: true);
            Guest.Agent.NetmapTransmit(port, frame);
            var buffer = new byte[70_000];
            var deadline = DateTime.UtcNow + FrameWait;
            while (DateTime.UtcNow < deadline)
            {
                if (tap.Receive(buffer, FrameWait) is not { } info) break;
                var seen = buffer.AsSpan(VirtioNetHeader.LegacySize, info.Length - VirtioNetHeader.LegacySize);
                if (!NetmapAspects.Carries(seen, marker)) continue; // the guest stack's own frames (IPv6 and ARP chatter)
                var header = VirtioNetHeader.Read(buffer, VirtioNetHeader.LegacySize);
                observed.Aspects[NetmapAspects.TapHeader] = NetmapAspects.TapHeaderOf(header);
                observed.Aspects[NetmapAspects.TapFrame] = NetmapAspects.FrameAsSeen(seen, frame);
                observed.Notes.Add($"tap0 saw {seen.Length} B with {header} ({info.Direction})");
                return;
            }
            observed.Aspects[NetmapAspects.TapFrame] = NetmapAspects.NoFrame;
        });
    }

    /// <summary>Opens netmap:eth0 in the fixture's mode, lets <paramref name="observe"/> use it, and closes it.</summary>
    private Observation WithPort(Action<int, Observation> observe)
    {
        var open = Guest.Agent.NetmapOpen(GuestPort, mode);
        if (open.Refusal is not null) throw new InvalidOperationException($"{GuestPort} could not be opened with admode {(int)mode}: {open.RefusalMessage}");
        var observed = new Observation();
        observed.Aspects[NetmapAspects.Adapter] = open.Adapter!;
        observed.Aspects[NetmapAspects.PortHeader] = NetmapAspects.HeaderLengthWords(open.HeaderLength!.Value);
        observed.Notes.Add($"netmap API {open.ApiVersion}; {open.AdapterEvidence}; {open.Info}");
        try
        {
            observe(open.PortId!.Value, observed);
        }
        finally
        {
            Guest.Agent.NetmapClose(open.PortId!.Value);
        }
        return observed;
    }

    /// <summary>The received frame that carries <paramref name="marker"/>; others (the guest's neighbours chatting) are passed over.</summary>
    private NetmapReceivedFrame? ReceiveFrameWith(int port, string marker)
    {
        var deadline = DateTime.UtcNow + FrameWait;
        while (DateTime.UtcNow < deadline)
        {
            var frames = Guest.Agent.NetmapReceive(port, count: 1, LeadingBytes, deadline - DateTime.UtcNow);
            if (frames.FirstOrDefault(f => NetmapAspects.Carries(f.LeadingBytes, marker)) is { } match) return match;
            if (frames.Count == 0) return null;
        }
        return null;
    }

    private static string ModeName(NetmapAdapterMode mode) => mode == NetmapAdapterMode.NETMAP_ADMODE_NATIVE ? "native" : "generic";

    private static string Slug(string name) => string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-'));
}
