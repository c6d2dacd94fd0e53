using System.Net;
using System.Net.Sockets;
using Vnetconf.Interop;
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
        var before = LabCounters.Read(lab);

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

        observation.Notes.Add(LabCounters.Read(lab).Since(before));
        return observation;
    }
}
