using System.Buffers.Binary;
using Tmds.Linux;
using Vnetconf.Interop;
using static Tmds.Linux.LibC;

namespace Vnetconf.Links;

/// <summary>What the kernel said about one frame an AF_PACKET socket received.</summary>
/// <param name="Length">bytes placed in the buffer (virtio-net header included when enabled)</param>
/// <param name="Direction">sll_pkttype</param>
/// <param name="AuxStatus">tpacket_auxdata.tp_status, 0 without PACKET_AUXDATA</param>
/// <remarks>The status bits are read in one place, the catalogue's <c>FrameAspects</c>, for frames of any source.</remarks>
public readonly record struct PacketInfo(int Length, PacketDirection Direction, uint AuxStatus);

/// <summary>
/// An AF_PACKET raw socket bound to one interface: the uniform observation point. With PACKET_VNET_HDR the kernel
/// reports each skb's offload state as a virtio-net header (net/packet/af_packet.c: packet_rcv_vnet →
/// virtio_net_hdr_from_skb), the same shape a TAP reader sees; PACKET_AUXDATA adds the checksum status.
/// </summary>
public sealed unsafe class PacketSocket : IDisposable
{
    private PacketSocket(FileDescriptor fd, string interfaceName, int interfaceIndex, bool vnetHeader)
    {
        Fd = fd;
        InterfaceName = interfaceName;
        InterfaceIndex = interfaceIndex;
        HasVnetHeader = vnetHeader;
    }

    public FileDescriptor Fd { get; }
    public string InterfaceName { get; }
    public int InterfaceIndex { get; }

    /// <summary>Every received buffer starts with a 10-byte virtio_net_hdr, and every sent one must.</summary>
    public bool HasVnetHeader { get; }

    /// <summary>Opens a socket in <paramref name="ns"/> that sees every frame of <paramref name="interfaceName"/>.</summary>
    public static PacketSocket Open(NetNamespace ns, string interfaceName, bool vnetHeader, bool auxData = true)
    {
        // A packet socket can put any frame on the wire, so opening one is a change like any other.
        NamespaceGuard.EnsureMayModify(ns, "open an AF_PACKET socket", interfaceName);
        return ns.Run(() =>
        {
            // Protocol 0 at socket() time: the socket hears nothing until bind() names the interface, so no
            // frame of another interface slips in between the two calls.
            var fd = FileDescriptor.FromResult(socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, 0),
                "socket(AF_PACKET)", $"AF_PACKET on {interfaceName} in {ns.Name}");
            try
            {
                var index = InterfaceIndex_(fd, interfaceName);
                if (vnetHeader) fd.SetSocketOption(IfPacket.SOL_PACKET, IfPacket.PACKET_VNET_HDR, 1, "PACKET_VNET_HDR");
                if (auxData) fd.SetSocketOption(IfPacket.SOL_PACKET, IfPacket.PACKET_AUXDATA, 1, "PACKET_AUXDATA");
                try
                {
                    fd.SetSocketOption(SOL_SOCKET, SO_RCVBUFFORCE, 8 << 20, "SO_RCVBUFFORCE");
                }
                catch (SyscallException e) when (e.Errno == EPERM)
                {
                    // SO_RCVBUFFORCE wants CAP_NET_ADMIN in the initial user namespace (sk_setsockopt asks capable()), which
                    // a run inside its own user namespace (the vnetconf image) lacks: ask for as much as net.core.rmem_max allows.
                    fd.SetSocketOption(SOL_SOCKET, SO_RCVBUF, 8 << 20, "SO_RCVBUF");
                }
                var addr = new sockaddr_ll
                {
                    sll_family = (ushort)AF_PACKET,
                    sll_protocol = BinaryPrimitives.ReverseEndianness(IfPacket.ETH_P_ALL),
                    sll_ifindex = index,
                };
                Errno.Check(bind(fd.Value, (sockaddr*)&addr, (uint)sizeof(sockaddr_ll)), "bind(AF_PACKET)", fd.Description);
                return new PacketSocket(fd, interfaceName, index, vnetHeader);
            }
            catch
            {
                fd.Dispose();
                throw;
            }
        });
    }

    /// <summary>Receives one frame within <paramref name="timeout"/>; null when none came.</summary>
    public PacketInfo? Receive(Span<byte> buffer, TimeSpan timeout)
    {
        const int controlSize = 64;
        var control = stackalloc byte[controlSize];
        while (true)
        {
            if (!Poller.WaitReadable(Fd, timeout)) return null;
            sockaddr_ll from;
            fixed (byte* p = buffer)
            {
                var iov = new iovec { iov_base = p, iov_len = (size_t)buffer.Length };
                var msg = new msghdr
                {
                    msg_name = &from,
                    msg_namelen = (uint)sizeof(sockaddr_ll),
                    msg_iov = &iov,
                    msg_iovlen = 1,
                    msg_control = control,
                    msg_controllen = controlSize,
                };
                var n = (long)recvmsg(Fd.Value, &msg, MSG_TRUNC);
                if (n < 0)
                {
                    var e = errno;
                    if (e == EAGAIN || e == EINTR) continue;
                    throw new SyscallException("recvmsg", Fd.Description, e);
                }
                // A truncated frame would be misjudged (wrong length, unverifiable checksum): refuse it loudly.
                if (n > buffer.Length)
                    throw new InvalidOperationException($"{Fd.Description}: a {n}-byte frame did not fit the {buffer.Length}-byte buffer");
                return new PacketInfo((int)n, (PacketDirection)from.sll_pkttype, FindAuxdata(&msg)?.Status ?? 0);
            }
        }
    }

    /// <summary>Sends one frame out of the interface (with a leading virtio-net header when enabled).</summary>
    public int Send(ReadOnlySpan<byte> frame)
    {
        var addr = new sockaddr_ll
        {
            sll_family = (ushort)AF_PACKET,
            sll_protocol = BinaryPrimitives.ReverseEndianness(IfPacket.ETH_P_ALL),
            sll_ifindex = InterfaceIndex,
        };
        long sent;
        fixed (byte* p = frame) sent = (long)sendto(Fd.Value, p, (size_t)frame.Length, 0, (sockaddr*)&addr, (uint)sizeof(sockaddr_ll));
        return sent >= 0 ? (int)sent : throw new SyscallException($"sendto({frame.Length} bytes)", Fd.Description, errno); // composed only on failure
    }

    /// <summary>
    /// Frames dropped because the receive buffer was full since the last call (PACKET_STATISTICS, which reading
    /// resets): an observer that lost frames must say so rather than report them as never sent.
    /// </summary>
    public uint TakeDrops()
    {
        var stats = stackalloc uint[2];
        socklen_t length = 2 * sizeof(uint);
        Errno.Check(getsockopt(Fd.Value, IfPacket.SOL_PACKET, IfPacket.PACKET_STATISTICS, stats, &length), "getsockopt(PACKET_STATISTICS)", Fd.Description);
        return stats[1];
    }

    public void Dispose() => Fd.Dispose();

    public override string ToString() => Fd.Description;

    private static TpacketAuxdata? FindAuxdata(msghdr* msg)
    {
        var p = (byte*)msg->msg_control;
        var end = p + (uint)msg->msg_controllen;
        while (p + sizeof(cmsghdr) <= end)
        {
            var c = (cmsghdr*)p;
            var len = (long)(uint)c->cmsg_len;
            if (len < sizeof(cmsghdr)) break;
            if (c->cmsg_level == IfPacket.SOL_PACKET && c->cmsg_type == IfPacket.PACKET_AUXDATA)
                return *(TpacketAuxdata*)(p + sizeof(cmsghdr));
            p += (len + 7) & ~7L; // CMSG_ALIGN on 64-bit
        }
        return null;
    }

    private static int InterfaceIndex_(FileDescriptor fd, string name)
    {
        var req = IfReq.ForName(name);
        Ioctl.Pointer(fd, LinuxSockios.SIOCGIFINDEX, &req, $"SIOCGIFINDEX({name})");
        return req.InterfaceIndex;
    }

}
