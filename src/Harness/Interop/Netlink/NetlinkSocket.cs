using System.Runtime.CompilerServices;
using static Tmds.Linux.LibC;
using static Vnetconf.Interop.Netlink.LinuxNetlink;

namespace Vnetconf.Interop.Netlink;

/// <summary>
/// An AF_NETLINK socket that sends one request at a time and collects its replies by sequence number until the
/// kernel's acknowledgement (NLMSG_ERROR) or the end of a dump (NLMSG_DONE). Not thread-safe.
/// </summary>
/// <remarks>
/// The socket belongs to the network namespace of the thread that opened it, for its whole life; open it inside
/// <c>NetNamespace.Run</c>. It joins no multicast group, so everything it receives answers one of its requests;
/// replies with another sequence number (left over from a request whose reply handler threw) are skipped.
/// </remarks>
public sealed class NetlinkSocket : IDisposable
{
    // A dump batch fills at most one page-sized skb (up to 32 KiB on big-page machines); 64 KiB always holds one datagram.
    private const int ReceiveBufferSize = 64 * 1024;

    // A kernel that does not answer within this time has lost the request; better an EAGAIN than a hung test run.
    private const int ReceiveTimeoutSeconds = 10;

    private readonly FileDescriptor fd;
    private readonly byte[] receiveBuffer = new byte[ReceiveBufferSize];
    private uint sequence;

    private NetlinkSocket(FileDescriptor fd) => this.fd = fd;

    /// <summary>
    /// Opens a socket of <paramref name="protocol"/> (e.g. <see cref="LinuxNetlink.NETLINK_ROUTE"/>) in the calling
    /// thread's namespace, with extended ACKs (the kernel's error text) and capped ACKs (errors do not echo the request).
    /// </summary>
    public static unsafe NetlinkSocket Open(int protocol, string description)
    {
        var fd = FileDescriptor.FromResult(socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, protocol), "socket(AF_NETLINK)", description);
        try
        {
            fd.SetSocketOption(SOL_NETLINK, NETLINK_EXT_ACK, 1, "NETLINK_EXT_ACK");
            fd.SetSocketOption(SOL_NETLINK, NETLINK_CAP_ACK, 1, "NETLINK_CAP_ACK");
            var timeout = stackalloc long[2] { ReceiveTimeoutSeconds, 0 }; // struct timeval { tv_sec; tv_usec; }
            Errno.Check(setsockopt(fd.Value, SOL_SOCKET, SO_RCVTIMEO, timeout, 2 * sizeof(long)), "setsockopt(SO_RCVTIMEO)", description);
            return new NetlinkSocket(fd);
        }
        catch
        {
            fd.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Sends <paramref name="request"/> with the next sequence number and hands each reply to
    /// <paramref name="onReply"/> until the kernel acknowledges it or ends the dump.
    /// </summary>
    /// <param name="request">the message; its sequence number is overwritten</param>
    /// <param name="call">what the request does, for the error (e.g. "RTM_NEWLINK(bridge br0)")</param>
    /// <param name="target">what it is aimed at, for the error (e.g. the namespace)</param>
    /// <param name="onReply">receives every reply that is not the ACK or DONE, e.g. the messages of a dump</param>
    /// <exception cref="SyscallException">the kernel answered with an error: its errno and its extended-ACK text</exception>
    public void Request(NetlinkMessageWriter request, string call, string target, NetlinkReplyHandler? onReply = null)
    {
        var seq = ++sequence;
        request.Sequence = seq;
        Send(request.Bytes, call, target);

        while (true)
        {
            var length = Receive(call, target);
            foreach (var message in NetlinkMessage.Enumerate(receiveBuffer.AsSpan(0, length)))
            {
                if (message.Sequence != seq) continue;
                switch (message.Type)
                {
                    case NLMSG_ERROR:
                    case NLMSG_DONE:
                        var ack = message.ReadAck();
                        if (ack.Error != 0) throw new SyscallException(call, target, ack.Errno, ack.Message);
                        return;
                    case NLMSG_OVERRUN:
                        throw new SyscallException(call, target, ENOBUFS, "NLMSG_OVERRUN: the kernel dropped part of the reply");
                    case NLMSG_NOOP:
                        break;
                    default:
                        onReply?.Invoke(message);
                        break;
                }
            }
        }
    }

    private unsafe void Send(ReadOnlySpan<byte> bytes, string call, string target)
    {
        var kernel = new sockaddr_nl { nl_family = (ushort)AF_NETLINK };
        fixed (byte* p = bytes)
        {
            long sent;
            do
            {
                sent = sendto(fd.Value, p, bytes.Length, 0, (Tmds.Linux.sockaddr*)&kernel, Unsafe.SizeOf<sockaddr_nl>());
            } while (sent < 0 && Errno.Last == EINTR);
            Errno.Check(sent, $"sendto({call})", target);
        }
    }

    private unsafe int Receive(string call, string target)
    {
        fixed (byte* p = receiveBuffer)
        {
            long received;
            do
            {
                // MSG_TRUNC makes recvfrom return the datagram's real length, so a truncation cannot go unnoticed.
                received = recvfrom(fd.Value, p, receiveBuffer.Length, MSG_TRUNC, null, null);
            } while (received < 0 && Errno.Last == EINTR);
            Errno.Check(received, $"recvfrom(reply to {call})", target);
            if (received > receiveBuffer.Length)
                throw new InvalidDataException($"a {received}-byte netlink reply to {call} did not fit the {receiveBuffer.Length}-byte buffer");
            return (int)received;
        }
    }

    public void Dispose() => fd.Dispose();
}
