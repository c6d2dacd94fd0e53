using System.Text;
using NUnit.Framework;
using Vnetconf.Conformance.Support;
using Vnetconf.Guest;
using Vnetconf.Links;
using Vnetconf.Netmap;
using Vnetconf.Packets;
using Vnetconf.Scenarios;

namespace Vnetconf.Conformance.Netmap;

/// <summary>
/// netmap's emulated (generic) adapter over the stock virtio_net, for each TAP vnet_hdr setting and device flavour:
/// where a received buffer starts and how long its slot is, and what a frame sent through the port looks like on tap0.
/// </summary>
[TestFixtureSource(nameof(Cases))]
public sealed class NetmapGenericModeTests(string cellName, bool vnetHeader, VirtioNetDeviceOptions device) : NetmapGuestFixture(vnetHeader, device)
{
    private const string GuestPort = "netmap:eth0";
    private static readonly TimeSpan FrameWait = TimeSpan.FromSeconds(3);

    /// <summary>Every byte of the frames used here fits: the comparison sees whole frames, never a truncated prefix.</summary>
    private const int LeadingBytes = 256;

    public static IEnumerable<TestFixtureData> Cases()
    {
        VirtioNetDeviceOptions[] devices = [new(), new() { Legacy = true }, new() { Legacy = true, MrgRxbuf = false }];
        string[] deviceNames = ["modern", "legacy", "legacy, mrg_rxbuf=off"];
        foreach (var vnetHeader in new[] { true, false })
            for (var i = 0; i < devices.Length; i++)
            {
                var name = $"vnet_hdr={(vnetHeader ? "on" : "off")}, {deviceNames[i]}";
                yield return new TestFixtureData(name, vnetHeader, devices[i]).SetArgDisplayNames(name);
            }
    }

    [Test]
    public void A_frame_injected_on_tap0_arrives_in_a_generic_slot_as_documented()
    {
        var cell = new MatrixCell($"netmap.guest.generic.rx.{Slug(cellName)}", "netmap.guest", $"generic, {cellName}",
            () => (NetmapGuestExpectations.GenericReceive(VnetHeader), ObserveReceive()));
        NetmapReports.Receive.Run(cell).Result.ShouldBeAsDocumented();
    }

    [Test]
    public void A_frame_sent_through_a_generic_port_reaches_tap0_as_documented()
    {
        var cell = new MatrixCell($"netmap.guest.generic.tx.{Slug(cellName)}", "netmap.guest", $"generic, {cellName}",
            () => (NetmapGuestExpectations.GenericTransmit(), ObserveTransmit()));
        NetmapReports.Transmit.Run(cell).Result.ShouldBeAsDocumented();
    }

    private Observation ObserveReceive()
    {
        var marker = Encoding.ASCII.GetBytes($"vnetconf netmap rx {cellName}");
        var frame = UdpFrame(LabAddresses.GuestToStack(IpFamily.IPv4).Reversed(), marker, L4ChecksumMode.Partial, out var built);
        // NEEDS_CSUM from the csum_start/offset of the frame's own UDP header: what a host stack's partial frame carries.
        var header = new VirtioNetHeader { Flags = VirtioNetHeaderFlags.NeedsCsum, CsumStart = (ushort)built.L4Offset, CsumOffset = (ushort)built.ChecksumOffset };

        return WithGenericPort((port, observed) =>
        {
            using (var tap = PacketSocket.Open(Guest.Lab.Stack, HostLab.TapName, vnetHeader: true))
            {
                var packet = new byte[VirtioNetHeader.LegacySize + frame.Length];
                header.Write(packet, VirtioNetHeader.LegacySize);
                frame.CopyTo(packet.AsSpan(VirtioNetHeader.LegacySize));
                tap.Send(packet);
            }
            var received = ReceiveFrameWith(port, marker);
            observed.Notes.Add($"injected on tap0: {frame.Length} B with {header}");
            if (received is null)
            {
                observed.Aspects[NetmapAspects.BufferStart] = NetmapAspects.NoFrame;
                return;
            }
            observed.Aspects[NetmapAspects.BufferStart] = NetmapAspects.BufferStartOf(received.LeadingBytes, frame);
            observed.Aspects[NetmapAspects.SlotLength] = NetmapAspects.SlotLengthOf(received.Length, frame.Length);
            observed.Aspects[NetmapAspects.Checksum] = NetmapAspects.ChecksumOf(received.LeadingBytes);
            observed.Notes.Add($"slot {received.Length} B (ring {received.Ring}, slot {received.Slot}, flags {received.Flags}), " +
                               $"first bytes {Convert.ToHexString(received.LeadingBytes.AsSpan(0, Math.Min(24, received.LeadingBytes.Length)))}");
        });
    }

    private Observation ObserveTransmit()
    {
        var marker = Encoding.ASCII.GetBytes($"vnetconf netmap tx {cellName}");
        var frame = UdpFrame(LabAddresses.GuestToStack(IpFamily.IPv4), marker, L4ChecksumMode.Complete, out _);

        return WithGenericPort((port, observed) =>
        {
            using var tap = PacketSocket.Open(Guest.Lab.Stack, HostLab.TapName, vnetHeader: true);
            Guest.Agent.NetmapTransmit(port, frame);
            var buffer = new byte[70_000];
            var deadline = DateTime.UtcNow + FrameWait;
            while (DateTime.UtcNow < deadline)
            {
                if (tap.Receive(buffer, FrameWait) is not { } info) break;
                var seen = buffer.AsSpan(VirtioNetHeader.LegacySize, info.Length - VirtioNetHeader.LegacySize);
                if (seen.IndexOf(marker) < 0) continue; // the guest stack's own frames (IPv6 and ARP chatter)
                var header = VirtioNetHeader.Read(buffer, VirtioNetHeader.LegacySize);
                observed.Aspects[NetmapAspects.TapHeader] = NetmapAspects.TapHeaderOf(header);
                observed.Aspects[NetmapAspects.TapFrame] = seen.SequenceEqual(frame) ? NetmapAspects.AsSent : $"differs: {seen.Length} B seen, {frame.Length} B sent";
                observed.Notes.Add($"tap0 saw {seen.Length} B with {header} ({info.Direction})");
                return;
            }
            observed.Aspects[NetmapAspects.TapFrame] = NetmapAspects.NoFrame;
        });
    }

    /// <summary>Opens netmap:eth0 with the emulated adapter, lets <paramref name="observe"/> use it, and closes it.</summary>
    private Observation WithGenericPort(Action<int, Observation> observe)
    {
        var open = Guest.Agent.NetmapOpen(GuestPort, NetmapAdapterMode.NETMAP_ADMODE_GENERIC);
        if (open.Refusal is not null) throw new InvalidOperationException($"{GuestPort} could not be opened in generic mode: {open.RefusalMessage}");
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
    private NetmapReceivedFrame? ReceiveFrameWith(int port, byte[] marker)
    {
        var deadline = DateTime.UtcNow + FrameWait;
        while (DateTime.UtcNow < deadline)
        {
            var frames = Guest.Agent.NetmapReceive(port, count: 1, LeadingBytes, deadline - DateTime.UtcNow);
            if (frames.FirstOrDefault(f => f.LeadingBytes.AsSpan().IndexOf(marker) >= 0) is { } match) return match;
            if (frames.Count == 0) return null;
        }
        return null;
    }

    private static byte[] UdpFrame(FlowEndpoints flow, byte[] payload, L4ChecksumMode checksum, out BuiltFrame built)
    {
        var frame = new byte[FrameBuilder.UdpFrameLength(flow, payload.Length)];
        built = FrameBuilder.Udp(frame, flow, payload, checksum);
        return frame;
    }

    private static string Slug(string name) => string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-'));
}
