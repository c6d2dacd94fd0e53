using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Tmds.Linux;
using Vnetconf.Interop;
using static Tmds.Linux.LibC;

namespace Vnetconf.Links;

/// <summary>
/// Writes one frame into a TAP many times per system call: an io_uring whose every submission entry is the same
/// write (the TAP's fd, the frame's pinned bytes), submitted a batch at a time with one io_uring_enter that also waits
/// for the batch's completions. io_uring issues a write in the submitting call when the file takes non-blocking writes:
/// the harness opens its TAPs O_NONBLOCK (and tun marks its files FMODE_NOWAIT in recent kernels), so each write runs
/// whole in tun_get_user, as it would in write(), and none goes to a worker thread: what the batch saves is the system
/// call's entry and exit per frame, not any of the kernel's work on the frame.
/// </summary>
public sealed unsafe class TapWriteRing : IDisposable
{
    /// <summary>Writes per submission: the ring's size, and as many as a write() loop writes between clock reads.</summary>
    public const int Batch = 64;

    private static readonly Lazy<string?> Gap = new(ProbeGap);

    private readonly TapDevice tap;
    private readonly bool tapReferenced;
    private readonly FileDescriptor ring;
    private readonly int length;
    private readonly byte* frame;
    private readonly byte* submissionRing;
    private readonly nuint submissionRingSize;
    private readonly byte* completionRing;
    private readonly nuint completionRingSize;
    private readonly io_uring_sqe* entries;
    private readonly nuint entriesSize;
    private readonly uint* submissionTail;
    private readonly uint* completionHead;
    private readonly uint* completionTail;
    private readonly uint completionMask;
    private readonly io_uring_cqe* completions;

    /// <summary>Why the ring can take no more batches: one left entries unsubmitted or completions uncollected.</summary>
    private string? fault;

    private bool disposed;

    private TapWriteRing(TapDevice tap, ReadOnlySpan<byte> writeBytes)
    {
        this.tap = tap;
        length = writeBytes.Length;
        io_uring_params parameters = default;
        ring = FileDescriptor.FromResult(io_uring_setup(Batch, &parameters), $"io_uring_setup({Batch})", $"io_uring for {tap}");
        try
        {
            // The entries name the TAP by its fd number: the TAP's fd stays open while the ring may submit them.
            tap.Fd.DangerousAddRef(ref tapReferenced);
            // Both rings are mapped on their own offsets: valid on every kernel, with or without IORING_FEAT_SINGLE_MMAP.
            submissionRingSize = parameters.sq_off.array + parameters.sq_entries * sizeof(uint);
            submissionRing = Map(submissionRingSize, IORING_OFF_SQ_RING);
            completionRingSize = parameters.cq_off.cqes + parameters.cq_entries * (uint)sizeof(io_uring_cqe);
            completionRing = Map(completionRingSize, IORING_OFF_CQ_RING);
            entriesSize = parameters.sq_entries * (nuint)sizeof(io_uring_sqe);
            entries = (io_uring_sqe*)Map(entriesSize, IORING_OFF_SQES);
            frame = (byte*)NativeMemory.AlignedAlloc((nuint)length, 64);
            writeBytes.CopyTo(new Span<byte>(frame, length));

            // The kernel never writes an entry back, so every entry is filled once and each batch only moves the tail.
            var array = (uint*)(submissionRing + parameters.sq_off.array);
            for (uint i = 0; i < parameters.sq_entries; i++)
            {
                array[i] = i;
                entries[i] = default;
                entries[i].opcode = IORING_OP_WRITE;
                entries[i].fd = tap.Fd.Value;
                entries[i].addr = (ulong)frame;
                entries[i].len = (uint)length;
                entries[i].off = ulong.MaxValue; // the file position: a TAP is a stream and has none
            }
            submissionTail = (uint*)(submissionRing + parameters.sq_off.tail);
            completionHead = (uint*)(completionRing + parameters.cq_off.head);
            completionTail = (uint*)(completionRing + parameters.cq_off.tail);
            completionMask = *(uint*)(completionRing + parameters.cq_off.ring_mask);
            completions = (io_uring_cqe*)(completionRing + parameters.cq_off.cqes);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>
    /// Why this process cannot batch writes through io_uring (ENOSYS on a kernel without it; EPERM where a seccomp
    /// filter, such as a container engine's default one, or kernel.io_uring_disabled refuses it; a kernel before 5.6,
    /// whose io_uring has no write), or null when it can.
    /// </summary>
    public static string? Unavailable => Gap.Value;

    /// <summary>A ring writing <paramref name="writeBytes"/> (virtio-net header, then frame) into <paramref name="tap"/>.</summary>
    public static TapWriteRing Open(TapDevice tap, ReadOnlySpan<byte> writeBytes) => new(tap, writeBytes);

    /// <summary>Writes the frame <see cref="Batch"/> times in one submission; throws with the errno of the first write that failed.</summary>
    /// <remarks>Optimized from its first call, as <see cref="TapDevice.WriteRepeatedly"/> is: a trial must not run tier-0 code.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void WriteBatch()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (fault is not null) throw new InvalidOperationException($"{ring.Description}: no more batches after {fault}");
        Volatile.Write(ref *submissionTail, *submissionTail + Batch);
        var submitted = io_uring_enter(ring.Value, Batch, Batch, IORING_ENTER_GETEVENTS, null);
        if (submitted < 0)
        {
            var errno = Errno.Last;
            fault = $"{EnterCall} failed";
            throw new SyscallException(EnterCall, tap.Fd.Description, errno);
        }

        // Every submitted entry posts one completion (one the kernel could not even prepare posts its errno and ends
        // the submission); a signal may end the wait before all are posted, so collect exactly that many.
        var collected = 0;
        var failed = false;
        var firstFailure = 0;
        while (collected < submitted)
        {
            var head = *completionHead;
            var end = Volatile.Read(ref *completionTail);
            for (; head != end && collected < submitted; head++, collected++)
            {
                var result = completions[head & completionMask].res;
                if (result != length && !failed) (failed, firstFailure) = (true, result);
            }
            Volatile.Write(ref *completionHead, head);
            if (collected < submitted && io_uring_enter(ring.Value, 0, (uint)(submitted - collected), IORING_ENTER_GETEVENTS, null) < 0 && Errno.Last != Errno.EINTR)
            {
                var errno = Errno.Last;
                fault = $"waiting for {submitted - collected} completions failed";
                throw new SyscallException($"io_uring_enter(wait for {submitted - collected})", tap.Fd.Description, errno);
            }
        }

        var errnoOfFailure = failed && firstFailure < 0 ? -firstFailure : Errno.EIO;
        if (submitted != Batch)
        {
            fault = $"{submitted} of {Batch} writes submitted";
            throw new SyscallException(EnterCall, tap.Fd.Description, errnoOfFailure, fault);
        }
        if (failed)
            throw new SyscallException($"write({length} bytes) through io_uring", tap.Fd.Description, errnoOfFailure,
                firstFailure < 0 ? null : $"{firstFailure} of {length} bytes written");
    }

    /// <summary>The batch's call, for a failure's message: composed only then, off the injection's hot path.</summary>
    private string EnterCall => $"io_uring_enter({Batch} writes of {length} bytes)";

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        ring.Dispose();
        Unmap(entries, entriesSize);
        Unmap(completionRing, completionRingSize);
        Unmap(submissionRing, submissionRingSize);
        if (frame is not null) NativeMemory.AlignedFree(frame);
        if (tapReferenced) tap.Fd.DangerousRelease();
    }

    private byte* Map(nuint size, ulong offset)
    {
        var address = mmap(null, (size_t)(ulong)size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, ring.Value, (off_t)(long)offset);
        return address == MAP_FAILED ? throw new SyscallException($"mmap(io_uring at {offset:x})", ring.Description, Errno.Last) : (byte*)address;
    }

    private static void Unmap(void* address, nuint size)
    {
        // munmap of a mapping this object made fails only for arguments that are not one; disposal has nothing to do about it.
        if (address is not null) _ = munmap(address, (size_t)(ulong)size);
    }

    private static string? ProbeGap()
    {
        io_uring_params parameters = default;
        var fd = io_uring_setup(1, &parameters);
        if (fd < 0) return $"io_uring_setup: {Errno.Name(Errno.Last)}";
        using var probeRing = new FileDescriptor(fd, "io_uring probe");
        // A filter may allow the setup and refuse the submission: an empty enter asks for the call alone.
        if (io_uring_enter(probeRing.Value, 0, 0, 0, null) < 0) return $"io_uring_enter: {Errno.Name(Errno.Last)}";
        // IORING_OP_WRITE came in 5.6, with the probe itself: an older ring refuses the probe (EINVAL) and would fail
        // every write with EINVAL.
        const int operations = 256;
        var probeSize = sizeof(io_uring_probe) + operations * sizeof(io_uring_probe_op);
        var probe = stackalloc byte[probeSize];
        new Span<byte>(probe, probeSize).Clear();
        if (io_uring_register(probeRing.Value, IORING_REGISTER_PROBE, probe, operations) < 0)
            return Errno.Last == Errno.EINVAL
                ? "io_uring without IORING_REGISTER_PROBE or IORING_OP_WRITE (a kernel before 5.6)"
                : $"io_uring_register(IORING_REGISTER_PROBE): {Errno.Name(Errno.Last)}";
        var write = ((io_uring_probe_op*)(probe + sizeof(io_uring_probe)))[IORING_OP_WRITE];
        return ((io_uring_probe*)probe)->last_op >= IORING_OP_WRITE && (write.flags & IO_URING_OP_SUPPORTED) != 0
            ? null
            : "io_uring without IORING_OP_WRITE (a kernel before 5.6)";
    }
}
