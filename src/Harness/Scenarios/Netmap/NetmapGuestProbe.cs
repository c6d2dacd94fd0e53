using System.Security.Cryptography;
using System.Text;
using Vnetconf.Guest;
using Vnetconf.Links;
using Vnetconf.Model;
using Vnetconf.Netmap;
using Vnetconf.Packets;

namespace Vnetconf.Scenarios;

/// <summary>
/// Observes netmap:eth0 in a guest booted with the user's netmap modules on the write-path lab: a frame injected
/// toward the guest on tap0 (with a NEEDS_CSUM header) as it lands in a netmap RX slot, and a frame written into a
/// netmap TX slot as AF_PACKET sees it on tap0.
/// </summary>
internal static class NetmapGuestProbe
{
    public const string GuestPort = "netmap:eth0";

    /// <summary>
    /// Fills the start of every RX buffer with <see cref="NetmapAspects.RxBufferFill"/> once the port is open, injects a
    /// <paramref name="size"/> frame toward the guest on tap0 and records the slot that carries it: bytes the device
    /// does not write before the frame show as the fill.
    /// </summary>
    public static Observation ObserveReceive(ILabGuest guest, NetmapGuestScenario scenario, NetmapFrameSize size = NetmapFrameSize.Named)
    {
        var marker = Marker("rx", scenario, size);
        return WithPort(guest, scenario.Mode, NetmapAspects.RxBufferFill.ToArray(), (open, observed) =>
        {
            var frame = NetmapAspects.MarkedUdpFrame(LabAddresses.GuestToStack(IpFamily.IPv4).Reversed(), marker, L4ChecksumMode.Partial, out var built, FrameLength(size, open));
            // NEEDS_CSUM from the csum_start/offset of the frame's own UDP header: what a host stack's partial frame carries.
            var header = built.OffloadHeader();
            InjectTowardGuest(guest, header, frame);
            observed.Notes.Add($"injected on tap0: {frame.Length} B with {header}; RX buffers ({open.BufferSize} B) filled with {Convert.ToHexString(NetmapAspects.RxBufferFill)} first");
            var leadingBytes = Math.Max(NetmapAspects.LeadingBytes, frame.Length + VirtioNetHeader.HashReportSize);
            NetmapAspects.AddReceived(observed,
                NetmapAspects.ReceiveMarked(left => guest.Agent.NetmapReceive(open.PortId!.Value, count: 1, leadingBytes, left), marker), frame);
        });
    }

    /// <summary>
    /// Sends <paramref name="frame"/> with <paramref name="header"/> toward the guest through tap0 (AF_PACKET with a
    /// vnet header), raising tap0's MTU for a frame longer than a standard one (AF_PACKET sends no more than the MTU)
    /// and putting it back.
    /// </summary>
    internal static void InjectTowardGuest(ILabGuest guest, VirtioNetHeader header, byte[] frame)
    {
        var tapLink = guest.Lab.StackNetlink.GetLink(HostLab.TapName);
        var mtu = Math.Max(tapLink.Mtu, frame.Length - EthernetHeader.Size);
        if (mtu != tapLink.Mtu) guest.Lab.StackNetlink.SetMtu(tapLink.Index, mtu);
        try
        {
            using var tap = PacketSocket.Open(guest.Lab.Stack, HostLab.TapName, vnetHeader: true);
            tap.Send(HostileFrames.Compose(header, VirtioNetHeader.LegacySize, frame));
        }
        finally
        {
            if (mtu != tapLink.Mtu) guest.Lab.StackNetlink.SetMtu(tapLink.Index, tapLink.Mtu);
        }
    }

    /// <summary>Sends a <paramref name="size"/> frame through a TX slot and records how AF_PACKET sees it on tap0.</summary>
    public static Observation ObserveTransmit(ILabGuest guest, NetmapGuestScenario scenario, NetmapFrameSize size = NetmapFrameSize.Named)
    {
        var marker = Marker("tx", scenario, size);
        return WithPort(guest, scenario.Mode, rxBufferFill: null, (open, observed) =>
        {
            var frame = NetmapAspects.MarkedUdpFrame(LabAddresses.GuestToStack(IpFamily.IPv4), marker, L4ChecksumMode.Complete, out _, FrameLength(size, open));
            using var tap = PacketCapture.Open(guest.Lab.Stack, HostLab.TapName);
            guest.Agent.NetmapTransmit(open.PortId!.Value, frame);
            NetmapAspects.AddSeen(observed, tap, marker, frame, NetmapAspects.TapHeader, NetmapAspects.TapFrame);
        });
    }

    /// <summary>The named frame carries the cell's name; the others a short marker that fits the minimum frame's 18-byte payload.</summary>
    private static string Marker(string direction, NetmapGuestScenario scenario, NetmapFrameSize size) => size == NetmapFrameSize.Named
        ? $"vnetconf netmap {direction} {scenario.Name}"
        : $"vnetconf{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{direction} {scenario.Slug} {size}")))[..10]}";

    /// <summary>The length of a <paramref name="size"/> frame on the <paramref name="open"/> port; null: as long as its marker makes it.</summary>
    private static int? FrameLength(NetmapFrameSize size, NetmapAgentReply open) => size switch
    {
        NetmapFrameSize.Minimum => EthernetHeader.MinimumFrame,
        NetmapFrameSize.NearBuffer => open.BufferSize!.Value - VirtioNetHeader.MergeableSize,
        _ => null,
    };

    /// <summary>
    /// Opens netmap:eth0 with <paramref name="mode"/>'s adapter (filling its RX buffers' starts with
    /// <paramref name="rxBufferFill"/> when given), lets <paramref name="observe"/> use it, and closes it.
    /// </summary>
    private static Observation WithPort(ILabGuest guest, NetmapAdapterMode mode, byte[]? rxBufferFill, Action<NetmapAgentReply, Observation> observe)
    {
        var open = guest.Agent.NetmapOpen(GuestPort, mode, rxBufferFill: rxBufferFill);
        if (open.Refusal is not null) throw new InvalidOperationException($"{GuestPort} could not be opened with admode {(int)mode}: {open.RefusalMessage}");
        var observed = new Observation();
        observed.Aspects[NetmapAspects.Adapter] = open.Adapter!;
        observed.Aspects[NetmapAspects.PortHeader] = NetmapAspects.HeaderLengthWords(open.HeaderLength!.Value);
        observed.Notes.Add($"netmap API {open.ApiVersion}; {open.AdapterEvidence}; {open.Info}");
        try
        {
            observe(open, observed);
        }
        finally
        {
            guest.Agent.NetmapClose(open.PortId!.Value);
        }
        return observed;
    }
}
