using System.Runtime.InteropServices;

namespace Vnetconf.Netmap;

#pragma warning disable CS8981 // the kernel's lower-case name, so the struct can be matched against the header
/// <summary>
/// The body of NETMAP_REQ_REGISTER (56 bytes), mirroring <c>struct nmreq_register</c> of sys/net/netmap.h.
/// The kernel fills in the offsets, sizes and counts; the caller sets nr_mode, nr_ringid, nr_flags and, to
/// pick a memory region, nr_mem_id. Four bytes of padding precede nr_flags.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 56)]
internal struct nmreq_register
{
    /// <summary>Out: where the netmap_if lies in the mmap'ed region.</summary>
    [FieldOffset(0)] public ulong nr_offset;
    /// <summary>Out: the size of the region to mmap.</summary>
    [FieldOffset(8)] public ulong nr_memsize;
    [FieldOffset(16)] public uint nr_tx_slots;
    [FieldOffset(20)] public uint nr_rx_slots;
    [FieldOffset(24)] public ushort nr_tx_rings;
    [FieldOffset(26)] public ushort nr_rx_rings;
    [FieldOffset(28)] public ushort nr_host_tx_rings;
    [FieldOffset(30)] public ushort nr_host_rx_rings;
    [FieldOffset(32)] public ushort nr_mem_id;
    [FieldOffset(34)] public ushort nr_ringid;
    [FieldOffset(36)] public uint nr_mode;
    [FieldOffset(40)] public uint nr_extra_bufs;
    [FieldOffset(48)] public ulong nr_flags;
}
