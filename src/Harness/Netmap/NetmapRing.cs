namespace Vnetconf.Netmap;

/// <summary>
/// One ring of the shared region: its slots, its buffers, and head/cur/tail. The application owns the slots in
/// [head, tail); it fills (TX) or reads (RX) them, then moves head and cur past them with <see cref="Release"/>,
/// and the next sync hands them to the kernel. Every address is checked against the region before use, so a
/// kernel with a different ABI produces an error, not a read of unrelated memory.
/// </summary>
public sealed unsafe class NetmapRing
{
    private readonly netmap_ring* ring;
    private readonly NetmapRegion region;

    // netmap.h comments dir as "0: tx, 1: rx", but the kernel stores kring->tx there (netmap_mem2.c, netmap_mem2_rings_create:
    // "ring->dir = kring->tx"), an enum txrx { NR_RX = 0, NR_TX = 1 } (netmap_kern.h). Observed on a real netmap
    // (commit 89607e14, Linux 6.1): TX rings carry 1. The kernel's value is what a ring says, so it is what is checked.
    internal const ushort DirectionTx = 1;
    internal const ushort DirectionRx = 0;

    internal NetmapRing(NetmapRegion region, netmap_ring* ring, int index, bool isTransmit)
    {
        this.region = region;
        this.ring = ring;
        Index = index;
        IsTransmit = isTransmit;
        region.CheckSpan(ring, sizeof(netmap_ring) + (long)ring->num_slots * sizeof(netmap_slot), $"{Description} and its slots");
        if (ring->num_slots == 0) throw new InvalidDataException($"{Description} has no slots");
        if (ring->dir != (isTransmit ? DirectionTx : DirectionRx))
            throw new InvalidDataException($"{Description} says its direction is {ring->dir} ({DirectionTx} TX, {DirectionRx} RX)");
    }

    /// <summary>The index in netmap_if's order (NIC rings, then host rings).</summary>
    public int Index { get; }

    public bool IsTransmit { get; }

    public uint SlotCount => ring->num_slots;

    /// <summary>The size of every buffer of this ring (nr_buf_size).</summary>
    public uint BufferSize => ring->nr_buf_size;

    /// <summary>The first slot the application owns.</summary>
    public uint Head => Volatile.Read(ref ring->head);

    /// <summary>The wake-up point: poll returns when tail moves past it.</summary>
    public uint Cur => Volatile.Read(ref ring->cur);

    /// <summary>The first slot the kernel owns; only the kernel moves it.</summary>
    public uint Tail => Volatile.Read(ref ring->tail);

    /// <summary>nm_ring_space: frames waiting on RX, free slots on TX.</summary>
    public uint Space => NetmapRingArithmetic.Space(Head, Tail, SlotCount);

    /// <summary>nm_ring_empty.</summary>
    public bool IsEmpty => NetmapRingArithmetic.IsEmpty(Head, Tail);

    /// <summary>The slot at <paramref name="index"/>.</summary>
    public ref netmap_slot Slot(uint index)
    {
        if (index >= SlotCount) throw new ArgumentOutOfRangeException(nameof(index), index, $"{Description} has {SlotCount} slots");
        return ref ((netmap_slot*)((byte*)ring + sizeof(netmap_ring)))[index];
    }

    /// <summary>
    /// The buffer of the slot at <paramref name="index"/>, from NETMAP_BUF_OFFSET (the buffer plus the slot's
    /// offset under offset_mask) to the buffer's end.
    /// </summary>
    public Span<byte> Buffer(uint index)
    {
        ref var slot = ref Slot(index);
        var offset = slot.ptr & ring->offset_mask;
        if (offset >= ring->nr_buf_size)
            throw new InvalidDataException($"{Description} slot {index} has offset {offset} beyond its {ring->nr_buf_size}-byte buffer");
        var start = (byte*)ring + ring->buf_ofs + (long)slot.buf_idx * ring->nr_buf_size + (long)offset;
        var length = (int)(ring->nr_buf_size - offset);
        region.CheckSpan(start, length, $"{Description} slot {index}'s buffer {slot.buf_idx}");
        return new Span<byte>(start, length);
    }

    /// <summary>
    /// Gives the next <paramref name="count"/> owned slots back (head = cur = head + count), after the application
    /// filled (TX) or consumed (RX) them; the next sync or poll passes them to the kernel.
    /// </summary>
    public void Release(uint count)
    {
        var head = Head;
        if (!NetmapRingArithmetic.IsConsistent(head, Cur, Tail, SlotCount))
            throw new InvalidDataException($"{Description} is inconsistent: head {head}, cur {Cur}, tail {Tail}, {SlotCount} slots");
        if (count > Space)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"{Description} owns only {Space} slots from head {head}");
        var next = NetmapRingArithmetic.Advance(head, count, SlotCount);
        // cur first, so head never passes cur: the kernel reads them in either order only during a sync.
        Volatile.Write(ref ring->cur, next);
        Volatile.Write(ref ring->head, next);
    }

    private string Description => $"{(IsTransmit ? "TX" : "RX")} ring {Index} of {region.InterfaceName}";

    public override string ToString() => $"{Description}: head {Head}, cur {Cur}, tail {Tail}, {SlotCount} slots";
}
