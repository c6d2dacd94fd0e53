using System.Diagnostics;
using Vnetconf.Interop;
using static Tmds.Linux.LibC;

namespace Vnetconf.Guest;

/// <summary>
/// The one door through which the suite starts child processes. Process.Start passes every fd without O_CLOEXEC to the
/// child, so an fd meant for one child (QEMU's TAP) has its O_CLOEXEC cleared only inside this lock, for that one start;
/// any other start waits and cannot inherit it.
/// </summary>
internal static class ProcessLaunch
{
    private static readonly Lock StartLock = new();

    public static Process Start(ProcessStartInfo start) => StartInheriting(start, []);

    /// <summary>Starts <paramref name="start"/> with <paramref name="inherited"/> open in the child under the same numbers.</summary>
    public static Process StartInheriting(ProcessStartInfo start, IReadOnlyList<FileDescriptor> inherited)
    {
        lock (StartLock)
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
    }

    private static void SetCloseOnExec(FileDescriptor fd, bool on)
    {
        var flags = Errno.Check(fcntl(fd.Value, F_GETFD, 0), "fcntl(F_GETFD)", fd.Description);
        var wanted = on ? flags | FD_CLOEXEC : flags & ~FD_CLOEXEC;
        Errno.Check(fcntl(fd.Value, F_SETFD, wanted), $"fcntl(F_SETFD, {(on ? "FD_CLOEXEC" : "0")})", fd.Description);
    }
}
