using System.Text;
using Vnetconf.Interop;

namespace Vnetconf.Netmap;

/// <summary>
/// Builds the NIOCCTRL request structs exactly as libnetmap does (nmreq_header_init, then the decoded name and
/// mode), so a request can be compared byte for byte with one built by netmap's own headers. The body and
/// option pointers are left zero here; they are filled in at the call, where the body has a fixed address.
/// </summary>
internal static unsafe class NetmapRequests
{
    /// <summary>A header for <paramref name="type"/> naming <paramref name="portName"/>, with nr_version = NETMAP_API.</summary>
    public static nmreq_header Header(NetmapRequestType type, string portName)
    {
        var name = Encoding.UTF8.GetBytes(portName);
        if (name.Length is 0 or >= NetmapAbi.NETMAP_REQ_IFNAMSIZ || name.Contains((byte)0))
            throw new ArgumentException(
                $"'{portName}' is not a netmap port name for nr_name (1 to {NetmapAbi.NETMAP_REQ_IFNAMSIZ - 1} bytes, no NUL)", nameof(portName));
        var header = new nmreq_header { nr_version = NetmapAbi.NETMAP_API, nr_reqtype = (ushort)type };
        name.CopyTo(new Span<byte>(header.nr_name, NetmapAbi.NETMAP_REQ_IFNAMSIZ));
        return header;
    }

    /// <summary>The REGISTER body for <paramref name="spec"/>: mode, ring id, flags and memory region; the rest is the kernel's to fill.</summary>
    public static nmreq_register Register(NetmapPortSpec spec) => new()
    {
        nr_mode = (uint)spec.Mode,
        nr_ringid = spec.RingId,
        nr_flags = (ulong)spec.Flags,
        nr_mem_id = spec.MemoryId,
    };

    /// <summary>The PORT_HDR_SET body asking for a virtio-net header of <paramref name="headerLength"/> bytes.</summary>
    public static nmreq_port_hdr PortHeader(uint headerLength) => new() { nr_hdr_len = headerLength };

    /// <summary>The name in a header, up to its NUL.</summary>
    public static string Name(nmreq_header header) => NativeText.UntilNul(new ReadOnlySpan<byte>(header.nr_name, NetmapAbi.NETMAP_REQ_IFNAMSIZ));
}
