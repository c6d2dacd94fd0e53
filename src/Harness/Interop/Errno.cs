using static Tmds.Linux.LibC;

namespace Vnetconf.Interop;

/// <summary>
/// errno values by their symbolic names, and the one place that turns a failed libc return into a
/// <see cref="SyscallException"/>.
/// </summary>
public static class Errno
{
    // Linux generic errno numbers (include/uapi/asm-generic/errno-base.h and errno.h); the same on every
    // architecture this suite runs on.
    private static readonly Dictionary<int, string> Names = new()
    {
        [1] = "EPERM", [2] = "ENOENT", [3] = "ESRCH", [4] = "EINTR", [5] = "EIO", [6] = "ENXIO", [7] = "E2BIG",
        [9] = "EBADF", [11] = "EAGAIN", [12] = "ENOMEM", [13] = "EACCES", [14] = "EFAULT", [16] = "EBUSY",
        [17] = "EEXIST", [19] = "ENODEV", [20] = "ENOTDIR", [22] = "EINVAL", [23] = "ENFILE", [24] = "EMFILE",
        [25] = "ENOTTY", [28] = "ENOSPC", [34] = "ERANGE", [38] = "ENOSYS", [61] = "ENODATA", [71] = "EPROTO",
        [75] = "EOVERFLOW", [77] = "EBADFD", [90] = "EMSGSIZE", [92] = "ENOPROTOOPT", [93] = "EPROTONOSUPPORT",
        [95] = "EOPNOTSUPP", [97] = "EAFNOSUPPORT", [98] = "EADDRINUSE", [99] = "EADDRNOTAVAIL", [100] = "ENETDOWN",
        [101] = "ENETUNREACH", [105] = "ENOBUFS", [110] = "ETIMEDOUT", [111] = "ECONNREFUSED", [113] = "EHOSTUNREACH",
    };

    public const int EPERM = 1, ENOENT = 2, EINTR = 4, EIO = 5, EAGAIN = 11, EBUSY = 16, EEXIST = 17, ENODEV = 19,
        EINVAL = 22, ENOTTY = 25, EBADFD = 77, EMSGSIZE = 90, EOPNOTSUPP = 95;

    public static string Name(int errno) => Names.TryGetValue(errno, out var name) ? name : $"errno {errno}";

    /// <summary>The calling thread's errno, read right after the failed call.</summary>
    public static int Last => errno;

    /// <summary>Throws for a negative libc return; returns the value otherwise.</summary>
    public static int Check(int result, string call, string? target = null)
    {
        if (result < 0) throw new SyscallException(call, target, errno);
        return result;
    }

    /// <inheritdoc cref="Check(int, string, string?)"/>
    public static long Check(long result, string call, string? target = null)
    {
        if (result < 0) throw new SyscallException(call, target, errno);
        return result;
    }
}
