namespace Vnetconf.Netmap;

/// <summary>
/// Index arithmetic on a ring of <c>numSlots</c> slots, as sys/net/netmap_user.h defines it (nm_ring_next,
/// nm_ring_space, nm_ring_empty), and the ordering the kernel requires of head, cur and tail
/// (sys/net/netmap.h: head ≤ cur ≤ tail, walking forward from head with wrap-around).
/// </summary>
internal static class NetmapRingArithmetic
{
    /// <summary>nm_ring_next: the slot after <paramref name="index"/>, wrapping to 0.</summary>
    public static uint Next(uint index, uint numSlots) => index + 1 == numSlots ? 0 : index + 1;

    /// <summary>The slot <paramref name="count"/> steps after <paramref name="index"/>.</summary>
    public static uint Advance(uint index, uint count, uint numSlots) => (uint)(((ulong)index + count) % numSlots);

    /// <summary>How many steps forward lead from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static uint Distance(uint from, uint to, uint numSlots) => to >= from ? to - from : to + numSlots - from;

    /// <summary>
    /// nm_ring_space: the slots the application owns, [head, tail). On TX the ones it may fill; on RX the received
    /// frames. One slot always stays with the kernel, so a TX ring is full at num_slots - 1, not num_slots.
    /// </summary>
    public static uint Space(uint head, uint tail, uint numSlots) => Distance(head, tail, numSlots);

    /// <summary>nm_ring_empty: nothing to read on RX, no room on TX.</summary>
    public static bool IsEmpty(uint head, uint tail) => head == tail;

    /// <summary>Whether head, cur and tail are valid indices in the order the kernel accepts (cur within [head, tail]).</summary>
    public static bool IsConsistent(uint head, uint cur, uint tail, uint numSlots) =>
        numSlots > 0 && head < numSlots && cur < numSlots && tail < numSlots
        && Distance(head, cur, numSlots) <= Distance(head, tail, numSlots);
}
