using static Tmds.Linux.LibC;

namespace Vnetconf.Interop;

/// <summary>ioctl on an owned fd, with the failure reported by request name, argument and target.</summary>
public static unsafe class Ioctl
{
    /// <summary>ioctl with a pointer argument; returns the (non-negative) result.</summary>
    public static int Pointer(FileDescriptor fd, uint request, void* arg, string call) =>
        Errno.Check(ioctl(fd.Value, unchecked((int)request), arg), call, fd.Description);

    /// <summary>ioctl whose argument is passed by value (TUNSETOFFLOAD, TUNSETPERSIST).</summary>
    public static int Value(FileDescriptor fd, uint request, ulong arg, string call) =>
        Errno.Check(ioctl(fd.Value, unchecked((int)request), (void*)arg), call, fd.Description);
}
