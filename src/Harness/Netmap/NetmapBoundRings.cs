namespace Vnetconf.Netmap;

/// <summary>
/// The ring indices a registration binds, [FirstTx, EndTx) and [FirstRx, EndRx), counted as in netmap_if
/// (NIC rings first, then host rings). Computed as the kernel's netmap_interp_ringid (sys/dev/netmap/netmap.c)
/// does, because rings outside the range have no ring in the shared region (their ring_ofs is 0).
/// </summary>
internal readonly record struct NetmapBoundRings(int FirstTx, int EndTx, int FirstRx, int EndRx)
{
    public int TxCount => EndTx - FirstTx;
    public int RxCount => EndRx - FirstRx;

    /// <summary>The rings bound by <paramref name="spec"/> on a port with the given ring counts.</summary>
    public static NetmapBoundRings For(NetmapPortSpec spec, int txRings, int rxRings, int hostTxRings, int hostRxRings)
    {
        // Each "only" flag excludes the other direction; with both set, the kernel binds nothing.
        var (firstTx, endTx) = spec.Flags.HasFlag(NetmapRegisterFlags.NR_RX_RINGS_ONLY) ? (0, 0) : Range(spec, txRings, hostTxRings);
        var (firstRx, endRx) = spec.Flags.HasFlag(NetmapRegisterFlags.NR_TX_RINGS_ONLY) ? (0, 0) : Range(spec, rxRings, hostRxRings);
        return new NetmapBoundRings(firstTx, endTx, firstRx, endRx);
    }

    private static (int First, int End) Range(NetmapPortSpec spec, int nicRings, int hostRings)
    {
        switch (spec.Mode)
        {
            case NetmapRegistrationMode.NR_REG_ALL_NIC:
            case NetmapRegistrationMode.NR_REG_NULL:
                return (0, nicRings);
            case NetmapRegistrationMode.NR_REG_SW:
                return (nicRings, nicRings + hostRings);
            case NetmapRegistrationMode.NR_REG_NIC_SW:
                return (0, nicRings + hostRings);
            case NetmapRegistrationMode.NR_REG_ONE_NIC:
                // "if not enough rings, use the first one", in one direction only.
                var nic = spec.RingId < nicRings ? spec.RingId : 0;
                return (nic, nic + 1);
            case NetmapRegistrationMode.NR_REG_ONE_SW:
                var host = spec.RingId < hostRings ? spec.RingId : 0;
                return (nicRings + host, nicRings + host + 1);
            default:
                throw new ArgumentException($"{spec.Mode} is not a registration mode this binding maps rings for", nameof(spec));
        }
    }
}
