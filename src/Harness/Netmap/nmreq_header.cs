using System.Runtime.InteropServices;

namespace Vnetconf.Netmap;

#pragma warning disable CS8981 // the kernel's lower-case name, so the struct can be matched against the header
/// <summary>
/// The argument of NIOCCTRL (88 bytes), mirroring <c>struct nmreq_header</c> of sys/net/netmap.h.
/// <c>nr_body</c> and <c>nr_options</c> are user addresses carried as 64-bit integers.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 88)]
internal unsafe struct nmreq_header
{
    [FieldOffset(0)] public ushort nr_version;
    [FieldOffset(2)] public ushort nr_reqtype;
    /// <summary>Must be zero: the kernel rejects anything else.</summary>
    [FieldOffset(4)] public uint nr_reserved;
    [FieldOffset(8)] public fixed byte nr_name[NetmapAbi.NETMAP_REQ_IFNAMSIZ];
    [FieldOffset(72)] public ulong nr_options;
    [FieldOffset(80)] public ulong nr_body;
}
