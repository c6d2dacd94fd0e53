using System.Runtime.InteropServices;

namespace Vnetconf.Netmap;

#pragma warning disable CS8981 // the kernel's lower-case name, so the struct can be matched against the header
/// <summary>One ring slot (16 bytes), mirroring <c>struct netmap_slot</c> of sys/net/netmap.h.</summary>
[StructLayout(LayoutKind.Explicit, Size = 16)]
public struct netmap_slot
{
    /// <summary>The buffer this slot points at, an index into the region's buffer pool.</summary>
    [FieldOffset(0)] public uint buf_idx;
    /// <summary>The length of the frame in the buffer.</summary>
    [FieldOffset(4)] public ushort len;
    /// <summary><see cref="NetmapSlotFlags"/>.</summary>
    [FieldOffset(6)] public ushort flags;
    /// <summary>A user pointer, or (under the offsets option) an offset masked by <c>netmap_ring.offset_mask</c>.</summary>
    [FieldOffset(8)] public ulong ptr;
}
