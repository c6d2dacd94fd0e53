using Vnetconf.Interop;
using static Tmds.Linux.LibC;

namespace Vnetconf.Netmap;

/// <summary>
/// The memory a registration shares with the kernel: the netmap_if at nr_offset, its rings and the buffers,
/// mmap'ed from the port's fd (NETMAP_IF, NETMAP_TXRING, NETMAP_RXRING of sys/net/netmap_user.h).
/// </summary>
public sealed unsafe class NetmapRegion : IDisposable
{
    /// <summary>Where ring_ofs[] begins in netmap_if: right after its fixed part.</summary>
    public const int RingOffsetsOffset = 56;

    private byte* start;
    private readonly ulong size;
    private readonly netmap_if* nifp;
    private readonly bool ownsMapping;

    /// <summary>
    /// A view of <paramref name="size"/> bytes at <paramref name="start"/> with the netmap_if at
    /// <paramref name="interfaceOffset"/>. Unmaps the memory on dispose only when <paramref name="ownsMapping"/>.
    /// </summary>
    internal NetmapRegion(byte* start, ulong size, ulong interfaceOffset, bool ownsMapping)
    {
        this.start = start;
        this.size = size;
        this.ownsMapping = ownsMapping;
        if (interfaceOffset > size || size - interfaceOffset < RingOffsetsOffset)
            throw new InvalidDataException($"the netmap_if at offset {interfaceOffset} does not fit a region of {size} bytes");
        nifp = (netmap_if*)(start + interfaceOffset);
        InterfaceName = ReadName(nifp);
        CheckSpan(nifp, RingOffsetsOffset + (long)RingCount * sizeof(long), "netmap_if and its ring offsets");
    }

    /// <summary>mmaps <paramref name="size"/> bytes of a registered port's fd, shared with the kernel.</summary>
    internal static NetmapRegion Map(FileDescriptor fd, ulong size, ulong interfaceOffset)
    {
        var mapped = mmap(null, (Tmds.Linux.size_t)size, PROT_READ | PROT_WRITE, MAP_SHARED, fd.Value, 0);
        if (mapped == MAP_FAILED) throw new SyscallException($"mmap({size} bytes)", fd.Description, errno);
        try
        {
            return new NetmapRegion((byte*)mapped, size, interfaceOffset, ownsMapping: true);
        }
        catch
        {
            // munmap fails only for a range that was never mapped; the error being thrown is the one to report.
            _ = munmap(mapped, (Tmds.Linux.size_t)size);
            throw;
        }
    }

    /// <summary>ni_name: the interface (or VALE port) the region belongs to.</summary>
    public string InterfaceName { get; }

    public int TxRingCount => (int)Interface->ni_tx_rings;
    public int RxRingCount => (int)Interface->ni_rx_rings;
    public int HostTxRingCount => (int)Interface->ni_host_tx_rings;
    public int HostRxRingCount => (int)Interface->ni_host_rx_rings;

    /// <summary>NETMAP_TXRING: TX ring <paramref name="index"/>, counting NIC rings then host rings.</summary>
    public NetmapRing TxRing(int index)
    {
        CheckIndex(index, TxRingCount + HostTxRingCount, "TX");
        return RingAt(index, index, isTransmit: true);
    }

    /// <summary>NETMAP_RXRING: RX ring <paramref name="index"/>, counting NIC rings then host rings.</summary>
    public NetmapRing RxRing(int index)
    {
        CheckIndex(index, RxRingCount + HostRxRingCount, "RX");
        return RingAt(TxRingCount + HostTxRingCount + index, index, isTransmit: false);
    }

    /// <summary>Throws unless [<paramref name="address"/>, +<paramref name="length"/>) lies inside the region.</summary>
    internal void CheckSpan(void* address, long length, string what)
    {
        var offset = (long)((byte*)address - Start);
        if (offset < 0 || length < 0 || (ulong)offset > size || (ulong)length > size - (ulong)offset)
            throw new InvalidDataException($"{what} at offset {offset} (+{length}) lies outside the {size}-byte netmap region");
    }

    public void Dispose()
    {
        if (start == null) return;
        // munmap fails only for a range that was never mapped, which this region never holds; Dispose has no one to tell.
        if (ownsMapping) _ = munmap(start, (Tmds.Linux.size_t)size);
        start = null;
    }

    private byte* Start => start != null ? start : throw Unmapped();

    private netmap_if* Interface => start != null ? nifp : throw Unmapped();

    private ObjectDisposedException Unmapped() => new(nameof(NetmapRegion), $"the netmap region of {InterfaceName} is unmapped");

    private int RingCount => TxRingCount + HostTxRingCount + RxRingCount + HostRxRingCount;

    private NetmapRing RingAt(int ringOffsetIndex, int index, bool isTransmit)
    {
        var ringOffset = ((long*)((byte*)Interface + RingOffsetsOffset))[ringOffsetIndex];
        // netmap_mem2_if_new leaves the offset of every ring this registration did not bind at 0.
        if (ringOffset == 0)
            throw new InvalidOperationException($"{(isTransmit ? "TX" : "RX")} ring {index} of {InterfaceName} is not bound by this registration");
        return new NetmapRing(this, (netmap_ring*)((byte*)Interface + ringOffset), index, isTransmit);
    }

    private void CheckIndex(int index, int count, string direction)
    {
        if (index < 0 || index >= count)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"{InterfaceName} has {count} {direction} rings (NIC and host)");
    }

    private static string ReadName(netmap_if* nifp) => NativeText.UntilNul(new ReadOnlySpan<byte>(nifp->ni_name, NetmapAbi.IFNAMSIZ));
}
