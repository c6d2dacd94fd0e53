using System.Runtime.InteropServices;

namespace Vnetconf.Netmap;

#pragma warning disable CS8981 // the kernel's lower-case name, so the struct can be matched against the header
/// <summary>The body of NETMAP_REQ_PORT_INFO_GET (32 bytes), mirroring <c>struct nmreq_port_info_get</c> of sys/net/netmap.h.</summary>
[StructLayout(LayoutKind.Explicit, Size = 32)]
internal struct nmreq_port_info_get
{
    [FieldOffset(0)] public ulong nr_memsize;
    [FieldOffset(8)] public uint nr_tx_slots;
    [FieldOffset(12)] public uint nr_rx_slots;
    [FieldOffset(16)] public ushort nr_tx_rings;
    [FieldOffset(18)] public ushort nr_rx_rings;
    [FieldOffset(20)] public ushort nr_host_tx_rings;
    [FieldOffset(22)] public ushort nr_host_rx_rings;
    [FieldOffset(24)] public ushort nr_mem_id;
}
