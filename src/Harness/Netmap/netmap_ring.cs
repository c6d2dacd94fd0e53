using System.Runtime.InteropServices;

namespace Vnetconf.Netmap;

#pragma warning disable CS8981 // the kernel's lower-case name, so the struct can be matched against the header
/// <summary>
/// The header of a ring in the shared region (256 bytes; the slots follow at offset 256), mirroring
/// <c>struct netmap_ring</c> of sys/net/netmap.h. Only head, cur and flags are the application's to write;
/// tail belongs to the kernel. <c>sem</c> is aligned to NM_CACHE_ALIGN (128), which is why the header is 256
/// bytes though its fields end at 72.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 256)]
internal unsafe struct netmap_ring
{
    /// <summary>Where buffer 0 lies, relative to this ring (may be negative).</summary>
    [FieldOffset(0)] public long buf_ofs;
    [FieldOffset(8)] public uint num_slots;
    [FieldOffset(12)] public uint nr_buf_size;
    [FieldOffset(16)] public ushort ringid;
    /// <summary>0 for TX, 1 for RX.</summary>
    [FieldOffset(18)] public ushort dir;
    [FieldOffset(20)] public uint head;
    [FieldOffset(24)] public uint cur;
    [FieldOffset(28)] public uint tail;
    [FieldOffset(32)] public uint flags;
    /// <summary>struct timeval of the last sync: tv_sec, then tv_usec.</summary>
    [FieldOffset(40)] public fixed long ts[2];
    [FieldOffset(56)] public ulong offset_mask;
    [FieldOffset(64)] public ulong buf_align;
    [FieldOffset(128)] public fixed byte sem[128];
}
