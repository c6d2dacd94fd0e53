using Vnetconf.Interop;
using static Tmds.Linux.LibC;

namespace Vnetconf.Netmap;

/// <summary>
/// An fd on /dev/netmap for the requests that need no registration: PORT_INFO_GET and the port header length
/// (PORT_HDR_GET / PORT_HDR_SET). Interfaces are looked up in the network namespace of the thread that
/// sends the request (netmap_linux.c uses current->nsproxy), so call it inside the namespace that has the port.
/// </summary>
public sealed unsafe class NetmapControl : IDisposable
{
    private NetmapControl(FileDescriptor fd) => Fd = fd;

    public FileDescriptor Fd { get; }

    /// <summary>Opens /dev/netmap.</summary>
    public static NetmapControl Open() => new(OpenDevice("netmap control"));

    /// <summary>PORT_INFO_GET: the port's rings, slots, memory size and memory region, without binding it.</summary>
    public NetmapPortInfo GetPortInfo(string portName)
    {
        var body = new nmreq_port_info_get();
        Send(Fd, NetmapRequestType.NETMAP_REQ_PORT_INFO_GET, portName, &body);
        return new NetmapPortInfo(body.nr_memsize, body.nr_tx_rings, body.nr_rx_rings, body.nr_host_tx_rings, body.nr_host_rx_rings,
            body.nr_tx_slots, body.nr_rx_slots, body.nr_mem_id);
    }

    /// <summary>PORT_HDR_GET: the virtio-net header length the port puts before each frame (0 when none).</summary>
    public int GetHeaderLength(string portName)
    {
        var body = new nmreq_port_hdr();
        Send(Fd, NetmapRequestType.NETMAP_REQ_PORT_HDR_GET, portName, &body);
        return (int)body.nr_hdr_len;
    }

    /// <summary>PORT_HDR_SET: ask for a virtio-net header of <paramref name="headerLength"/> bytes (VALE ports accept 0, 10, 12).</summary>
    public void SetHeaderLength(string portName, int headerLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(headerLength);
        var body = NetmapRequests.PortHeader((uint)headerLength);
        Send(Fd, NetmapRequestType.NETMAP_REQ_PORT_HDR_SET, portName, &body, $"({headerLength})");
    }

    /// <summary>
    /// The API versions the loaded netmap accepts. netmap_ioctl refuses an nr_version outside its MIN..MAX API with EINVAL
    /// before it reads the request (sys/dev/netmap/netmap.c, "API mismatch"), so each version is tried with PORT_INFO_GET of
    /// a port that does not exist: an accepted version gets as far as the lookup and fails with ENXIO instead.
    /// </summary>
    /// <returns>null when no version up to <see cref="HighestProbedApi"/> is accepted</returns>
    public NetmapApiRange? AcceptedApiVersions()
    {
        var accepted = new List<int>();
        for (var version = 1; version <= HighestProbedApi; version++)
        {
            var body = new nmreq_port_info_get();
            var header = NetmapRequests.Header(NetmapRequestType.NETMAP_REQ_PORT_INFO_GET, ApiProbePort);
            header.nr_version = (ushort)version;
            header.nr_body = (ulong)&body;
            if (ioctl(Fd.Value, unchecked((int)NetmapAbi.NIOCCTRL), &header) >= 0 || errno != Errno.EINVAL) accepted.Add(version);
        }
        return accepted.Count == 0 ? null : new NetmapApiRange(accepted.Min(), accepted.Max());
    }

    /// <summary>Well above any netmap's NETMAP_MAX_API (15 in 2026), so a newer build's range is seen whole.</summary>
    public const int HighestProbedApi = 64;

    /// <summary>No interface has this name (it is no VALE, pipe or monitor name either), so the lookup fails with ENXIO.</summary>
    private const string ApiProbePort = "vnc-api-probe";

    public void Dispose() => Fd.Dispose();

    public static FileDescriptor OpenDevice(string description)
    {
        var path = System.Text.Encoding.ASCII.GetBytes(NetmapAbi.DevicePath + "\0");
        fixed (byte* p = path)
            return FileDescriptor.FromResult(open(p, O_RDWR | O_CLOEXEC, 0), $"open {NetmapAbi.DevicePath}", description);
    }

    /// <summary>
    /// NIOCCTRL with a header for <paramref name="type"/> on <paramref name="portName"/> and <paramref name="body"/>;
    /// a failure names the request, the port and the errno, with what the errno means for netmap where it is specific.
    /// </summary>
    internal static void Send(FileDescriptor fd, NetmapRequestType type, string portName, void* body, string argument = "")
    {
        var header = NetmapRequests.Header(type, portName);
        header.nr_body = (ulong)body;
        if (ioctl(fd.Value, unchecked((int)NetmapAbi.NIOCCTRL), &header) < 0)
        {
            var error = errno;
            throw new SyscallException($"NIOCCTRL {type}{argument}", $"netmap port {portName}", error, Explain(type, error));
        }
    }

    // errno-base.h; Errno has no name for it.
    private const int ENXIO = 6;

    // The errnos whose netmap meaning is not what their name says (netmap_ioctl in sys/dev/netmap/netmap.c).
    private static string? Explain(NetmapRequestType type, int error) => (type, error) switch
    {
        (NetmapRequestType.NETMAP_REQ_PORT_HDR_SET, ENXIO) => "no such VALE port (header lengths can be set on VALE ports only)",
        (_, ENXIO) => "no such interface in this network namespace",
        (NetmapRequestType.NETMAP_REQ_REGISTER, Errno.EIO) =>
            "the port has a virtio-net header (virt_hdr_len != 0) and the request did not set NR_ACCEPT_VNET_HDR",
        (NetmapRequestType.NETMAP_REQ_REGISTER, Errno.EOPNOTSUPP) =>
            "no native netmap adapter for this interface while admode demands native (1); load netmap's patched driver or allow generic",
        (NetmapRequestType.NETMAP_REQ_PORT_HDR_SET, Errno.EINVAL) => "valid header lengths are 0, 10 and 12",
        _ => null,
    };
}
