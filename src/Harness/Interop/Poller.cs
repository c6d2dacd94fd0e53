using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace Vnetconf.Interop;

/// <summary>Bounded waits on non-blocking fds: every read in the suite has a deadline.</summary>
public static unsafe class Poller
{
    /// <summary>Waits until <paramref name="fd"/> is readable; false when <paramref name="timeout"/> passed first.</summary>
    public static bool WaitReadable(FileDescriptor fd, TimeSpan timeout)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (true)
        {
            var pfd = new pollfd { fd = fd.Value, events = POLLIN };
            var wait = (int)Math.Max(0, deadline - Environment.TickCount64);
            var n = poll(&pfd, 1, wait);
            if (n > 0) return true;
            if (n == 0) return false;
            if (errno != EINTR) throw new SyscallException("poll", fd.Description, errno);
        }
    }

    /// <summary>
    /// Reads one datagram-like unit (a frame from a TAP) within <paramref name="timeout"/>; -1 when none came.
    /// A read that fills the whole buffer is refused, because the kernel truncates silently and a truncated frame
    /// would be misjudged.
    /// </summary>
    public static int ReadWithin(FileDescriptor fd, Span<byte> buffer, TimeSpan timeout)
    {
        while (true)
        {
            if (!WaitReadable(fd, timeout)) return -1;
            long n;
            fixed (byte* p = buffer) n = (long)read(fd.Value, p, (size_t)buffer.Length);
            if (n < 0)
            {
                var e = errno;
                if (e == EAGAIN || e == EINTR) continue;
                throw new SyscallException($"read({buffer.Length} bytes)", fd.Description, e);
            }
            if (n == buffer.Length)
                throw new InvalidOperationException($"{fd.Description}: a frame filled the whole {buffer.Length}-byte buffer and may be truncated");
            return (int)n;
        }
    }
}
