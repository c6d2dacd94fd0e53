using System.Net;
using System.Net.Sockets;
using Vnetconf.Interop;
using Vnetconf.Links;
using Vnetconf.Packets;

namespace Vnetconf.Scenarios;

/// <summary>
/// Writes one hostile case into a fresh write-path lab and classifies what happened: rejected by write(),
/// dropped after it (with the counters that moved), or delivered to the far UDP socket.
/// </summary>
public static class HostileHeaderProbe
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);

    public static Observation Observe(HostileHeaderCase hostile)
    {
        using var lab = HostLab.ForWritePath(new TapOptions(VnetHeader: true, hostile.HeaderSize), new NicOptions());
        var far = lab.FarOrThrow;
        var flow = LabAddresses.GuestToStack(IpFamily.IPv4);
        using var receiver = LabSockets.Open(far, new IPEndPoint(LabAddresses.StackIPv4, LabAddresses.StackPort), SocketType.Dgram);
        var tapIndex = lab.StackNetlink.GetLink(HostLab.TapName).Index;
        if (hostile.TapDown) lab.StackNetlink.SetUp(tapIndex, false);

        var bytes = hostile.Compose(new HostileFrames(flow));
        var tapBefore = lab.StackNetlink.GetLink(tapIndex).Stats;
        var nicBefore = lab.StackNetlink.GetLink(HostLab.NicName).Stats;
        var snmpBefore = ProcNet.ReadSnmp(far);

        var observation = new Observation();
        string outcome;
        try
        {
            var written = lab.Tap.Write(bytes);
            outcome = LabSockets.Drain(receiver, Quiet).Datagrams > 0 ? HostileHeaderCase.Delivered : HostileHeaderCase.Dropped;
            observation.Notes.Add($"write() returned {written} of {bytes.Length}");
        }
        catch (SyscallException e)
        {
            outcome = HostileHeaderCase.Rejected(e.ErrnoName);
        }
        observation.Aspects[HostileHeaderCase.Outcome] = outcome;

        var tap = lab.StackNetlink.GetLink(tapIndex).Stats;
        var nic = lab.StackNetlink.GetLink(HostLab.NicName).Stats;
        var snmp = ProcNet.ReadSnmp(far);
        observation.Notes.Add($"{HostLab.TapName} rx_packets +{tap.RxPackets - tapBefore.RxPackets} rx_dropped +{tap.RxDropped - tapBefore.RxDropped} " +
                              $"rx_frame_errors +{tap.RxFrameErrors - tapBefore.RxFrameErrors}, {HostLab.NicName} tx_packets +{nic.TxPackets - nicBefore.TxPackets} " +
                              $"tx_dropped +{nic.TxDropped - nicBefore.TxDropped}, far Udp.InCsumErrors +{snmp.GetValueOrDefault("Udp.InCsumErrors") - snmpBefore.GetValueOrDefault("Udp.InCsumErrors")}");
        return observation;
    }
}
