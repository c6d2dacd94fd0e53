using System.Runtime.InteropServices;
using static Tmds.Linux.LibC;

namespace Vnetconf.Interop;

/// <summary>
/// Owns one file descriptor. Every fd the suite opens lives in one of these, so a test that throws halfway
/// still closes its TAPs and sockets, and the kernel tears down what they kept alive.
/// </summary>
public sealed class FileDescriptor : SafeHandle
{
    public FileDescriptor(int fd, string description) : base(new IntPtr(-1), ownsHandle: true)
    {
        SetHandle(new IntPtr(fd));
        Description = description;
    }

    /// <summary>What the fd is, for error messages ("tap vt3a", "AF_PACKET on vb0 in far-x1").</summary>
    public string Description { get; }

    public override bool IsInvalid => handle.ToInt64() < 0;

    /// <summary>The raw number; valid only while this object is alive and not disposed.</summary>
    public int Value => IsClosed ? throw new ObjectDisposedException(Description) : (int)handle.ToInt64();

    /// <summary>Wraps the return of an fd-producing call, throwing a <see cref="SyscallException"/> on failure.</summary>
    public static FileDescriptor FromResult(int fd, string call, string description) =>
        new(Errno.Check(fd, call, description), description);

    /// <summary>setsockopt of an int option on this socket, the error naming the option and the socket.</summary>
    public unsafe void SetSocketOption(int level, int option, int value, string name) =>
        Errno.Check(setsockopt(Value, level, option, &value, sizeof(int)), $"setsockopt({name}={value})", Description);

    /// <summary>Closes the fd outside any child's fork-to-exec window, so its effect is done on return.</summary>
    protected override bool ReleaseHandle()
    {
        var closed = false;
        ProcessLaunch.CloseOutsideForkWindow(() => closed = close((int)handle.ToInt64()) == 0);
        return closed;
    }

    public override string ToString() => Description;
}
