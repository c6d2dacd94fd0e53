using Vnetconf.Links;

namespace Vnetconf.Scenarios;

/// <summary>
/// The write-path lab's counters at one moment: the TAP's and the NIC's link statistics and the far end's UDP
/// checksum errors. Two readings, before and after a write, say where a frame went that nobody received.
/// </summary>
public sealed record LabCounters(LinkStats Tap, LinkStats Nic, long FarUdpCsumErrors, long FarUdp6CsumErrors)
{
    public static LabCounters Read(HostLab lab)
    {
        var snmp = ProcNet.ReadSnmp(lab.FarOrThrow);
        return new LabCounters(lab.StackNetlink.GetLink(HostLab.TapName).Stats, lab.StackNetlink.GetLink(HostLab.NicName).Stats,
            snmp.GetValueOrDefault("Udp.InCsumErrors"), snmp.GetValueOrDefault("Udp6.InCsumErrors"));
    }

    /// <summary>What moved since <paramref name="before"/>, as one line of evidence.</summary>
    public string Since(LabCounters before) =>
        $"{HostLab.TapName} rx_packets +{Tap.RxPackets - before.Tap.RxPackets} rx_dropped +{Tap.RxDropped - before.Tap.RxDropped} " +
        $"rx_frame_errors +{Tap.RxFrameErrors - before.Tap.RxFrameErrors}, {HostLab.NicName} tx_packets +{Nic.TxPackets - before.Nic.TxPackets} " +
        $"tx_dropped +{Nic.TxDropped - before.Nic.TxDropped}, far Udp.InCsumErrors +{FarUdpCsumErrors - before.FarUdpCsumErrors} " +
        $"Udp6.InCsumErrors +{FarUdp6CsumErrors - before.FarUdp6CsumErrors}";
}
