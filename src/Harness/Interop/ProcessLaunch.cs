using System.Diagnostics;
using static Tmds.Linux.LibC;

namespace Vnetconf.Interop;

/// <summary>
/// The one door through which the suite starts child processes. Process.Start passes every fd without O_CLOEXEC to the
/// child, so an fd meant for one child (QEMU's TAP) has its O_CLOEXEC cleared only while this start holds the window,
/// for that one start; any other start waits and cannot inherit it.
/// </summary>
/// <remarks>
/// A child holds a copy of every fd, O_CLOEXEC or not, from its fork until its exec. A close in that window only drops
/// the parent's reference: a non-persistent TAP stays attached, a socket keeps its port, until the child execs. So an
/// fd is closed (<see cref="CloseOutsideForkWindow"/>) only while no start holds the window, and what it kept alive is
/// gone when the close returns. Process.Start returns after the child's exec (.NET waits for it), which closes the
/// window.
/// </remarks>
public static class ProcessLaunch
{
    /// <summary>Held for writing by a start, from before the fork to after the child's exec; for reading by a close.</summary>
    private static readonly ReaderWriterLockSlim ForkWindow = new(LockRecursionPolicy.NoRecursion);

    /// <summary>
    /// Runs <paramref name="close"/> outside every child's fork-to-exec window: what it closes is gone on return. Every
    /// <see cref="FileDescriptor"/> closes through it; so must a socket the suite holds as a .NET Socket.
    /// </summary>
    public static void CloseOutsideForkWindow(Action close)
    {
        ForkWindow.EnterReadLock();
        try
        {
            close();
        }
        finally
        {
            ForkWindow.ExitReadLock();
        }
    }

    public static Process Start(ProcessStartInfo start) => StartInheriting(start, []);

    /// <summary>Starts <paramref name="start"/> with <paramref name="inherited"/> open in the child under the same numbers.</summary>
    public static Process StartInheriting(ProcessStartInfo start, IReadOnlyList<FileDescriptor> inherited)
    {
        ForkWindow.EnterWriteLock();
        try
        {
            foreach (var fd in inherited) SetCloseOnExec(fd, false);
            try
            {
                return Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start");
            }
            finally
            {
                foreach (var fd in inherited) SetCloseOnExec(fd, true);
            }
        }
        finally
        {
            ForkWindow.ExitWriteLock();
        }
    }

    private static void SetCloseOnExec(FileDescriptor fd, bool on)
    {
        var flags = Errno.Check(fcntl(fd.Value, F_GETFD, 0), "fcntl(F_GETFD)", fd.Description);
        var wanted = on ? flags | FD_CLOEXEC : flags & ~FD_CLOEXEC;
        Errno.Check(fcntl(fd.Value, F_SETFD, wanted), $"fcntl(F_SETFD, {(on ? "FD_CLOEXEC" : "0")})", fd.Description);
    }
}
