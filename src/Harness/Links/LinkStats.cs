using System.Runtime.InteropServices;

namespace Vnetconf.Links;

/// <summary>
/// A link's counters from IFLA_STATS64. Mirrors <c>struct rtnl_link_stats64</c> of include/uapi/linux/if_link.h field
/// for field, in the kernel's order (rx_packets, tx_packets, rx_bytes, tx_bytes, ...), so it is read straight from the
/// attribute; the names are the kernel's in PascalCase. A kernel older than 6.0 sends fewer fields: the rest read 0.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public readonly struct LinkStats
{
    /// <summary><c>rx_packets</c></summary>
    public readonly ulong RxPackets;
    /// <summary><c>tx_packets</c></summary>
    public readonly ulong TxPackets;
    /// <summary><c>rx_bytes</c></summary>
    public readonly ulong RxBytes;
    /// <summary><c>tx_bytes</c></summary>
    public readonly ulong TxBytes;
    /// <summary><c>rx_errors</c></summary>
    public readonly ulong RxErrors;
    /// <summary><c>tx_errors</c></summary>
    public readonly ulong TxErrors;
    /// <summary><c>rx_dropped</c></summary>
    public readonly ulong RxDropped;
    /// <summary><c>tx_dropped</c></summary>
    public readonly ulong TxDropped;
    /// <summary><c>multicast</c></summary>
    public readonly ulong Multicast;
    /// <summary><c>collisions</c></summary>
    public readonly ulong Collisions;
    /// <summary><c>rx_length_errors</c></summary>
    public readonly ulong RxLengthErrors;
    /// <summary><c>rx_over_errors</c></summary>
    public readonly ulong RxOverErrors;
    /// <summary><c>rx_crc_errors</c></summary>
    public readonly ulong RxCrcErrors;
    /// <summary><c>rx_frame_errors</c></summary>
    public readonly ulong RxFrameErrors;
    /// <summary><c>rx_fifo_errors</c></summary>
    public readonly ulong RxFifoErrors;
    /// <summary><c>rx_missed_errors</c></summary>
    public readonly ulong RxMissedErrors;
    /// <summary><c>tx_aborted_errors</c></summary>
    public readonly ulong TxAbortedErrors;
    /// <summary><c>tx_carrier_errors</c></summary>
    public readonly ulong TxCarrierErrors;
    /// <summary><c>tx_fifo_errors</c></summary>
    public readonly ulong TxFifoErrors;
    /// <summary><c>tx_heartbeat_errors</c></summary>
    public readonly ulong TxHeartbeatErrors;
    /// <summary><c>tx_window_errors</c></summary>
    public readonly ulong TxWindowErrors;
    /// <summary><c>rx_compressed</c></summary>
    public readonly ulong RxCompressed;
    /// <summary><c>tx_compressed</c></summary>
    public readonly ulong TxCompressed;
    /// <summary><c>rx_nohandler</c></summary>
    public readonly ulong RxNohandler;
    /// <summary><c>rx_otherhost_dropped</c></summary>
    public readonly ulong RxOtherhostDropped;

    /// <summary>The counters that count a frame or its loss, under the kernel's names ("rx_packets", "rx_frame_errors"…).</summary>
    public IReadOnlyDictionary<string, long> FrameCounters() => new Dictionary<string, long>(StringComparer.Ordinal)
    {
        ["rx_packets"] = (long)RxPackets, ["tx_packets"] = (long)TxPackets,
        ["rx_errors"] = (long)RxErrors, ["tx_errors"] = (long)TxErrors,
        ["rx_dropped"] = (long)RxDropped, ["tx_dropped"] = (long)TxDropped,
        ["rx_length_errors"] = (long)RxLengthErrors, ["rx_frame_errors"] = (long)RxFrameErrors,
        ["rx_nohandler"] = (long)RxNohandler, ["rx_otherhost_dropped"] = (long)RxOtherhostDropped,
    };

    /// <summary>The packets each way and their drops, as a stalled path's evidence names them: "rx N (D dropped), tx N (D dropped)".</summary>
    public string PacketsAndDrops() => $"rx {RxPackets} ({RxDropped} dropped), tx {TxPackets} ({TxDropped} dropped)";
}
