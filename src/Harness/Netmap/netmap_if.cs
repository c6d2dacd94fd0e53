using System.Runtime.InteropServices;

namespace Vnetconf.Netmap;

#pragma warning disable CS8981 // the kernel's lower-case name, so the struct can be matched against the header
/// <summary>
/// The interface descriptor at <c>nr_offset</c> in the shared region (56 bytes, then <c>ssize_t ring_ofs[]</c>),
/// mirroring <c>struct netmap_if</c> of sys/net/netmap.h. ring_ofs lists NIC TX, host TX, NIC RX, host RX rings,
/// each offset relative to this struct.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 56)]
internal unsafe struct netmap_if
{
    [FieldOffset(0)] public fixed byte ni_name[NetmapAbi.IFNAMSIZ];
    [FieldOffset(16)] public uint ni_version;
    [FieldOffset(20)] public uint ni_flags;
    [FieldOffset(24)] public uint ni_tx_rings;
    [FieldOffset(28)] public uint ni_rx_rings;
    [FieldOffset(32)] public uint ni_bufs_head;
    [FieldOffset(36)] public uint ni_host_tx_rings;
    [FieldOffset(40)] public uint ni_host_rx_rings;
    [FieldOffset(44)] public fixed uint ni_spare1[3];
}
