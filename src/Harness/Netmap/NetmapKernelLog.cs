using System.Text;
using Vnetconf.Interop;
using static Tmds.Linux.LibC;

namespace Vnetconf.Netmap;

/// <summary>
/// A reader of the kernel log (/dev/kmsg) that starts at its end, so <see cref="ReadNew"/> returns only what was
/// logged after it opened: here, the messages netmap printed while a port registered.
/// </summary>
public sealed unsafe class NetmapKernelLog : IDisposable
{
    private const string DevicePath = "/dev/kmsg";
    private readonly FileDescriptor fd;

    private NetmapKernelLog(FileDescriptor fd) => this.fd = fd;

    /// <summary>Opens /dev/kmsg at its end; null where it cannot be read (no privilege, no device).</summary>
    public static NetmapKernelLog? TryOpen()
    {
        var path = Encoding.ASCII.GetBytes(DevicePath + "\0");
        int raw;
        fixed (byte* p = path) raw = open(p, O_RDONLY | O_NONBLOCK | O_CLOEXEC, 0);
        if (raw < 0) return null;
        var fd = new FileDescriptor(raw, DevicePath);
        if (lseek(fd.Value, 0, SEEK_END) < 0)
        {
            fd.Dispose();
            return null;
        }
        return new NetmapKernelLog(fd);
    }

    /// <summary>The messages logged since the last call (or since opening).</summary>
    public IReadOnlyList<string> ReadNew()
    {
        var messages = new List<string>();
        // A record never exceeds the kernel's 1024-byte console line plus its prefix and dictionary.
        var buffer = new byte[8192];
        while (true)
        {
            long n;
            fixed (byte* p = buffer) n = (long)read(fd.Value, p, (Tmds.Linux.size_t)buffer.Length);
            if (n > 0)
            {
                messages.Add(MessageOf(Encoding.UTF8.GetString(buffer, 0, (int)n)));
                continue;
            }
            var error = n < 0 ? errno : 0;
            // EPIPE: records were overwritten before being read; the reader moves on to the oldest kept one.
            if (error == EPIPE || error == EINTR) continue;
            if (n == 0 || error == EAGAIN) return messages;
            throw new SyscallException("read", DevicePath, error);
        }
    }

    /// <summary>The message of one /dev/kmsg record, "prio,seq,usec,flags[,...];message\n[ KEY=value\n...]".</summary>
    public static string MessageOf(string record)
    {
        var start = record.IndexOf(';') + 1;
        var end = record.IndexOf('\n', start);
        return end < 0 ? record[start..] : record[start..end];
    }

    public void Dispose() => fd.Dispose();
}
