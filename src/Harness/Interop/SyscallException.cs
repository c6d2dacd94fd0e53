using System.Runtime.InteropServices;

namespace Vnetconf.Interop;

/// <summary>
/// A system call (or an ioctl, or a netlink request) failed. The message names the call, what it was aimed at
/// and the errno by its symbolic name, because "EINVAL from TUNSETOFFLOAD(0x2) on vt3a" is a finding and
/// "error 22" is not.
/// </summary>
public class SyscallException : IOException
{
    public SyscallException(string call, string? target, int errno, string? detail = null)
        : base(Compose(call, target, errno, detail))
    {
        Call = call;
        Target = target;
        Errno = errno;
        Detail = detail;
    }

    /// <summary>The call as the caller named it, with its argument where that matters (e.g. "TUNSETOFFLOAD(0x3)").</summary>
    public string Call { get; }

    /// <summary>The device, socket or namespace the call was aimed at, if any.</summary>
    public string? Target { get; }

    /// <summary>The positive errno value.</summary>
    public int Errno { get; }

    /// <summary>Extra words from the kernel (e.g. netlink's extended ACK message).</summary>
    public string? Detail { get; }

    public string ErrnoName => Vnetconf.Interop.Errno.Name(Errno);

    private static string Compose(string call, string? target, int errno, string? detail)
    {
        var where = target is null ? "" : $" on {target}";
        var why = string.IsNullOrEmpty(detail) ? "" : $": {detail}";
        return $"{call}{where} failed: {Vnetconf.Interop.Errno.Name(errno)} ({Marshal.GetPInvokeErrorMessage(errno)}){why}";
    }
}
