using System.Runtime.InteropServices;

namespace Vnetconf.Interop;

/// <summary>
/// Duplicates an fd another process holds into this one (pidfd_open + pidfd_getfd, Linux 5.6+, needs ptrace rights
/// over it — root has them): the harness reads the state QEMU set on a TAP that QEMU opened itself, e.g. by name
/// inside a container, where the harness has no handle of its own.
/// </summary>
public static partial class ProcessFileDescriptors
{
    /// <summary>The generic syscall numbers (include/uapi/asm-generic/unistd.h), the same on x86-64 since both calls appeared.</summary>
    private const long SysPidfdOpen = 434;
    private const long SysPidfdGetfd = 438;

    /// <summary>
    /// The fd of <paramref name="pid"/> attached to the TAP <paramref name="ifname"/>, or null: tun shows the device
    /// an fd is attached to in its fdinfo (drivers/net/tun.c: tun_chr_show_fdinfo prints "iff:\t" and the name).
    /// </summary>
    public static int? FindTap(int pid, string ifname)
    {
        foreach (var link in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
        {
            try
            {
                if (new FileInfo(link).LinkTarget != IfTun.DevicePath) continue;
                var fd = Path.GetFileName(link);
                if (File.ReadLines($"/proc/{pid}/fdinfo/{fd}").Any(line => line == $"iff:\t{ifname}"))
                    return int.Parse(fd, System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // closed while we looked
            }
        }
        return null;
    }

    /// <summary>A copy of <paramref name="pid"/>'s fd <paramref name="targetFd"/>, owned by this process.</summary>
    public static FileDescriptor Borrow(int pid, int targetFd, string description)
    {
        using var pidfd = new FileDescriptor(Check(syscall(SysPidfdOpen, pid, 0, 0), "pidfd_open", $"pid {pid}"), $"pidfd of {pid}");
        return new FileDescriptor(Check(syscall(SysPidfdGetfd, pidfd.Value, targetFd, 0), "pidfd_getfd", $"fd {targetFd} of pid {pid}"), description);
    }

    private static int Check(long result, string call, string target) =>
        result < 0 ? throw new SyscallException(call, target, Marshal.GetLastPInvokeError()) : (int)result;

    // glibc's syscall() is variadic, but only passes its integer arguments on in registers: a fixed signature is safe.
    [LibraryImport("libc", SetLastError = true)]
    private static partial long syscall(long number, long a1, long a2, long a3);
}
