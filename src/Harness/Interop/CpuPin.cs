using System.Runtime.InteropServices;

namespace Vnetconf.Interop;

/// <summary>
/// Keeps the calling thread on the CPU it runs on until disposed, then gives it back the CPUs it had
/// (sched_getcpu, sched_setaffinity with tid 0: the calling thread only).
/// </summary>
/// <remarks>
/// Why a marker written into a TAP after a cell's frames needs it: past the TAP the frames are queued on the backlog of
/// the CPU that wrote them (drivers/net/veth.c: veth_forward_skb → __netif_rx → enqueue_to_backlog with
/// smp_processor_id()), and one CPU's backlog is processed in order; two writes from different CPUs are not ordered,
/// e.g. when the first CPU left its backlog to ksoftirqd under load and the writer migrated.
/// </remarks>
public sealed unsafe partial class CpuPin : IDisposable
{
    /// <summary>sizeof(cpu_set_t) in glibc: 1024 CPUs.</summary>
    private const int MaskBytes = 128;

    private readonly byte[] previous = new byte[MaskBytes];
    private bool disposed;

    private CpuPin()
    {
        fixed (byte* mask = previous)
            Check(sched_getaffinity(0, MaskBytes, mask), "sched_getaffinity");
        var cpu = Check(sched_getcpu(), "sched_getcpu");
        var pinned = new byte[MaskBytes];
        pinned[cpu / 8] = (byte)(1 << (cpu % 8));
        fixed (byte* mask = pinned)
            Check(sched_setaffinity(0, MaskBytes, mask), "sched_setaffinity");
        Cpu = cpu;
    }

    /// <summary>The CPU the thread is held on.</summary>
    public int Cpu { get; }

    /// <summary>Pins the calling thread; dispose on the same thread.</summary>
    public static CpuPin CurrentThread() => new();

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        fixed (byte* mask = previous)
            Check(sched_setaffinity(0, MaskBytes, mask), "sched_setaffinity");
    }

    private static int Check(int result, string call) =>
        result < 0 ? throw new SyscallException(call, "the calling thread", Marshal.GetLastPInvokeError()) : result;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int sched_getcpu();

    [LibraryImport("libc", SetLastError = true)]
    private static partial int sched_getaffinity(int pid, nuint size, byte* mask);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int sched_setaffinity(int pid, nuint size, byte* mask);
}
