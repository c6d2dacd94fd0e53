using Vnetconf.Guest;
using Vnetconf.Links;
using Vnetconf.Netmap;
using Vnetconf.Packets;

namespace Vnetconf.Scenarios;

/// <summary>
/// Observes netmap:eth0 in a guest booted with the user's netmap modules on the write-path lab: a frame injected
/// toward the guest on tap0 (with a NEEDS_CSUM header) as it lands in a netmap RX slot, and a frame written into a
/// netmap TX slot as AF_PACKET sees it on tap0.
/// </summary>
public static class NetmapGuestProbe
{
    public const string GuestPort = "netmap:eth0";

    public static Observation ObserveReceive(ILabGuest guest, NetmapGuestScenario scenario)
    {
        var marker = $"vnetconf netmap rx {scenario.Name}";
        var frame = NetmapAspects.MarkedUdpFrame(LabAddresses.GuestToStack(IpFamily.IPv4).Reversed(), marker, L4ChecksumMode.Partial, out var built);
        // NEEDS_CSUM from the csum_start/offset of the frame's own UDP header: what a host stack's partial frame carries.
        var header = built.OffloadHeader();

        return WithPort(guest, scenario.Mode, (port, observed) =>
        {
            using (var tap = PacketSocket.Open(guest.Lab.Stack, HostLab.TapName, vnetHeader: true))
                tap.Send(HostileFrames.Compose(header, VirtioNetHeader.LegacySize, frame));
            observed.Notes.Add($"injected on tap0: {frame.Length} B with {header}");
            NetmapAspects.AddReceived(observed,
                NetmapAspects.ReceiveMarked(left => guest.Agent.NetmapReceive(port, count: 1, NetmapAspects.LeadingBytes, left), marker), frame);
        });
    }

    public static Observation ObserveTransmit(ILabGuest guest, NetmapGuestScenario scenario)
    {
        var marker = $"vnetconf netmap tx {scenario.Name}";
        var frame = NetmapAspects.MarkedUdpFrame(LabAddresses.GuestToStack(IpFamily.IPv4), marker, L4ChecksumMode.Complete, out _);

        return WithPort(guest, scenario.Mode, (port, observed) =>
        {
            using var tap = PacketCapture.Open(guest.Lab.Stack, HostLab.TapName);
            guest.Agent.NetmapTransmit(port, frame);
            NetmapAspects.AddSeen(observed, tap, marker, frame, NetmapAspects.TapHeader, NetmapAspects.TapFrame);
        });
    }

    /// <summary>Opens netmap:eth0 with <paramref name="mode"/>'s adapter, lets <paramref name="observe"/> use it, and closes it.</summary>
    private static Observation WithPort(ILabGuest guest, NetmapAdapterMode mode, Action<int, Observation> observe)
    {
        var open = guest.Agent.NetmapOpen(GuestPort, mode);
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
            guest.Agent.NetmapClose(open.PortId!.Value);
        }
        return observed;
    }
}
