using Vnetconf.Interop;
using static Tmds.Linux.LibC;

namespace Vnetconf.Container;

/// <summary>
/// A FIFO in the container's bind-mounted run directory that ties the container to the harness's life. The harness
/// holds it open (O_RDWR, so the open never blocks; O_CLOEXEC, so no child inherits it); the container's entrypoint
/// reads it and never gets a byte. When the harness's last fd of it closes, on Dispose or because the kernel closed
/// it after a SIGKILL, the reader sees end-of-file and ends the container, QEMU with it.
/// </summary>
internal sealed unsafe class ContainerLifeline : IDisposable
{
    public const string FileName = "lifeline";

    private readonly FileDescriptor fd;

    private ContainerLifeline(FileDescriptor fd) => this.fd = fd;

    public static ContainerLifeline Create(string runDirectory)
    {
        var path = System.Text.Encoding.UTF8.GetBytes(Path.Combine(runDirectory, FileName) + "\0");
        fixed (byte* p = path)
        {
            Errno.Check(mkfifo(p, 0x180 /* 0600 */), "mkfifo", FileName);
            return new ContainerLifeline(FileDescriptor.FromResult(open(p, O_RDWR | O_CLOEXEC, 0), "open", FileName));
        }
    }

    public void Dispose() => fd.Dispose();
}
