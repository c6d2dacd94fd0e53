using System.Runtime.InteropServices;

namespace Vnetconf.Netmap;

#pragma warning disable CS8981 // the kernel's lower-case name, so the struct can be matched against the header
/// <summary>The body of NETMAP_REQ_PORT_HDR_SET and _GET (8 bytes), mirroring <c>struct nmreq_port_hdr</c> of sys/net/netmap.h.</summary>
[StructLayout(LayoutKind.Explicit, Size = 8)]
internal struct nmreq_port_hdr
{
    /// <summary>The virtio-net header length the port puts before each frame: 0, 10 or 12.</summary>
    [FieldOffset(0)] public uint nr_hdr_len;
    [FieldOffset(4)] public uint pad1;
}
