using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Vnetconf.Interop;
using static Tmds.Linux.LibC;

namespace Vnetconf.Links;

/// <summary>
/// A TAP (or TUN) device and the fd that owns it. The device is not persistent unless asked, so it disappears
/// when the fd is closed, even if the process is killed.
/// </summary>
public sealed unsafe partial class TapDevice : IDisposable
{
    private TapDevice(FileDescriptor fd, string name, NetNamespace ns, TunFlags flags)
    {
        Fd = fd;
        Name = name;
        Namespace = ns;
        RequestedFlags = flags;
    }

    public FileDescriptor Fd { get; }
    public string Name { get; }
    public NetNamespace Namespace { get; }

    /// <summary>The flags given to TUNSETIFF.</summary>
    public TunFlags RequestedFlags { get; }

    public bool HasVnetHeader => RequestedFlags.HasFlag(TunFlags.IFF_VNET_HDR);

    /// <summary>Opens /dev/net/tun inside <paramref name="ns"/> without attaching a device (for the pre-TUNSETIFF contract).</summary>
    public static FileDescriptor OpenUnattached(NetNamespace ns) => Open(ns, $"{IfTun.DevicePath} in {ns.Name}");

    private static FileDescriptor Open(NetNamespace ns, string description)
    {
        NamespaceGuard.EnsureMayModify(ns, "open /dev/net/tun");
        // tun_chr_open binds the file to the opening thread's namespace, so the open must run inside ns.
        return ns.Run(() =>
        {
            var path = System.Text.Encoding.ASCII.GetBytes(IfTun.DevicePath + "\0");
            fixed (byte* p = path)
                return FileDescriptor.FromResult(open(p, O_RDWR | O_CLOEXEC | O_NONBLOCK, 0), $"open {IfTun.DevicePath}", description);
        });
    }

    /// <summary>Creates (or, for a multi-queue or persistent device, attaches to) <paramref name="name"/> in <paramref name="ns"/>.</summary>
    public static TapDevice Create(NetNamespace ns, string name, TunFlags flags)
    {
        NamespaceGuard.EnsureMayModify(ns, "create a TAP device", name);
        var fd = Open(ns, $"tap {name} in {ns.Name}");
        try
        {
            var req = IfReq.ForName(name);
            req.Flags = (ushort)flags;
            Ioctl.Pointer(fd, IfTun.TUNSETIFF, &req, $"TUNSETIFF({flags})");
            return new TapDevice(fd, req.GetName(), ns, flags);
        }
        catch
        {
            fd.Dispose();
            throw;
        }
    }

    /// <summary>TUNGETFEATURES: the IFF_* flags this kernel's tun driver supports.</summary>
    public static TunFlags GetFeatures(FileDescriptor fd)
    {
        uint features = 0;
        Ioctl.Pointer(fd, IfTun.TUNGETFEATURES, &features, "TUNGETFEATURES");
        return (TunFlags)features;
    }

    /// <summary>TUNGETIFF's raw ifr_flags. Beware: it ORs in IFF_NOFILTER (= IFF_NO_PI) when no filter is attached.</summary>
    public TunFlags GetInterfaceFlags()
    {
        var req = new IfReq();
        Ioctl.Pointer(Fd, IfTun.TUNGETIFF, &req, "TUNGETIFF");
        return (TunFlags)req.Flags;
    }

    /// <summary>TUNSETOFFLOAD: the offloads the reader of this fd promises to handle.</summary>
    public void SetOffload(TunOffloads offloads) => SetOffload(Fd, offloads);

    /// <inheritdoc cref="SetOffload(TunOffloads)"/>
    public static void SetOffload(FileDescriptor fd, TunOffloads offloads) =>
        Ioctl.Value(fd, IfTun.TUNSETOFFLOAD, (uint)offloads, $"TUNSETOFFLOAD(0x{(uint)offloads:x})");

    /// <summary>TUNGETVNETHDRSZ / TUNSETVNETHDRSZ: the size of the header on each read and write.</summary>
    public int VnetHeaderSize
    {
        get => GetVnetHeaderSize(Fd);
        set
        {
            var size = value;
            Ioctl.Pointer(Fd, IfTun.TUNSETVNETHDRSZ, &size, $"TUNSETVNETHDRSZ({value})");
        }
    }

    /// <inheritdoc cref="VnetHeaderSize"/>
    public static int GetVnetHeaderSize(FileDescriptor fd)
    {
        var size = 0;
        Ioctl.Pointer(fd, IfTun.TUNGETVNETHDRSZ, &size, "TUNGETVNETHDRSZ");
        return size;
    }

    /// <summary>TUNSETVNETLE / TUNGETVNETLE: header fields little-endian regardless of the host.</summary>
    public bool VnetLittleEndian
    {
        get => GetIntFlag(IfTun.TUNGETVNETLE);
        set => SetIntFlag(IfTun.TUNSETVNETLE, value);
    }

    /// <summary>TUNSETVNETBE / TUNGETVNETBE: big-endian headers, only where the kernel has CONFIG_TUN_VNET_CROSS_LE.</summary>
    public bool VnetBigEndian
    {
        get => GetIntFlag(IfTun.TUNGETVNETBE);
        set => SetIntFlag(IfTun.TUNSETVNETBE, value);
    }

    /// <summary>TUNSETPERSIST (argument by value): keep the device after the fd closes.</summary>
    public void SetPersist(bool persist) =>
        Ioctl.Value(Fd, IfTun.TUNSETPERSIST, persist ? 1u : 0u, $"TUNSETPERSIST({(persist ? 1 : 0)})");

    /// <summary>TUNSETQUEUE: attach or detach this fd's queue of a multi-queue device.</summary>
    public void SetQueue(TunFlags attachOrDetach)
    {
        var req = new IfReq { Flags = (ushort)attachOrDetach };
        Ioctl.Pointer(Fd, IfTun.TUNSETQUEUE, &req, $"TUNSETQUEUE({attachOrDetach})");
    }

    /// <summary>Writes one frame (with its virtio-net header when IFF_VNET_HDR is set); returns what write() returned.</summary>
    public int Write(ReadOnlySpan<byte> frame)
    {
        nint written;
        fixed (byte* p = frame) written = WriteCall(Fd.Value, p, (nuint)frame.Length);
        // The message is composed only on failure: this is the injection hot path, and it must not allocate.
        return written >= 0 ? (int)written : throw WriteFailed(frame.Length);
    }

    /// <summary>
    /// Writes the same <paramref name="frame"/> <paramref name="count"/> times, one write() each, as fast as the kernel
    /// takes them: the injection loop where io_uring is refused (<see cref="TapWriteRing"/> batches it where not), with
    /// the fd and the pinned buffer taken once, as a C write() loop holds them.
    /// </summary>
    /// <remarks>Optimized from its first call: a trial must not run tier-0 code, nor wait for on-stack replacement.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void WriteRepeatedly(ReadOnlySpan<byte> frame, int count)
    {
        var fd = Fd.Value;
        var length = (nuint)frame.Length;
        fixed (byte* p = frame)
        {
            for (var i = 0; i < count; i++)
                if (WriteCall(fd, p, length) < 0) throw WriteFailed(frame.Length);
        }
    }

    /// <summary>Reads one frame, waiting at most <paramref name="timeout"/>; returns its length, or -1 when none came.</summary>
    public int Read(Span<byte> buffer, TimeSpan timeout) => Poller.ReadWithin(Fd, buffer, timeout);

    public void Dispose() => Fd.Dispose();

    public override string ToString() => Fd.Description;

    private SyscallException WriteFailed(int length) => new($"write({length} bytes)", Fd.Description, Marshal.GetLastPInvokeError());

    // Source-generated, unlike Tmds.LibC's write (a DllImport with SetLastError, called through a marshalling stub that
    // saves errno by calls into the runtime): this one is blittable, so the JIT inlines the transition into the caller,
    // and the generated errno handling stays exact. Per frame that was the injection loop's cost beyond the syscall.
    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint WriteCall(int fd, byte* buffer, nuint count);

    private bool GetIntFlag(uint request)
    {
        var value = 0;
        Ioctl.Pointer(Fd, request, &value, IfTun.Name(request));
        return value != 0;
    }

    private void SetIntFlag(uint request, bool on)
    {
        var value = on ? 1 : 0;
        Ioctl.Pointer(Fd, request, &value, $"{IfTun.Name(request)}({value})");
    }
}
