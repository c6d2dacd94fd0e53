using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static Vnetconf.Interop.Netlink.LinuxNetlink;

namespace Vnetconf.Interop.Netlink;

/// <summary>One message of a receive buffer: its header fields and its payload (everything after the nlmsghdr).</summary>
public readonly ref struct NetlinkMessage
{
    internal NetlinkMessage(nlmsghdr header, ReadOnlySpan<byte> payload)
    {
        Type = header.nlmsg_type;
        Flags = header.nlmsg_flags;
        Sequence = header.nlmsg_seq;
        PortId = header.nlmsg_pid;
        Payload = payload;
    }

    /// <summary>Iterates the messages of a receive buffer (one datagram may hold several, e.g. a dump's batch).</summary>
    internal static NetlinkMessageEnumerator Enumerate(ReadOnlySpan<byte> buffer) => new(buffer);

    public ushort Type { get; }

    public ushort Flags { get; }

    public uint Sequence { get; }

    public uint PortId { get; }

    public ReadOnlySpan<byte> Payload { get; }

    /// <summary>Reads the fixed family header at the start of the payload (e.g. <see cref="ifinfomsg"/>).</summary>
    public T ReadFixedHeader<T>() where T : unmanaged
    {
        if (Payload.Length < Unsafe.SizeOf<T>())
            throw new InvalidDataException($"netlink message type {Type} has {Payload.Length} payload bytes, fewer than a {typeof(T).Name}");
        return MemoryMarshal.Read<T>(Payload);
    }

    /// <summary>The attributes after the fixed family header <typeparamref name="T"/>.</summary>
    public NetlinkAttributeEnumerator AttributesAfter<T>() where T : unmanaged
    {
        var offset = NLMSG_ALIGN(Unsafe.SizeOf<T>());
        if (Payload.Length < offset)
            throw new InvalidDataException($"netlink message type {Type} has {Payload.Length} payload bytes, fewer than a {typeof(T).Name}");
        return new NetlinkAttributeEnumerator(Payload[offset..]);
    }

    /// <summary>
    /// Decodes an NLMSG_ERROR (an acknowledgement when its error is 0) or an NLMSG_DONE (the end of a dump, which
    /// carries the dump's result the same way), with the extended-ACK attributes when the kernel sent them.
    /// </summary>
    internal NetlinkAck ReadAck()
    {
        if (Type != NLMSG_ERROR && Type != NLMSG_DONE)
            throw new InvalidOperationException($"netlink message type {Type} is neither NLMSG_ERROR nor NLMSG_DONE");
        if (Payload.Length < sizeof(int))
            throw new InvalidDataException($"netlink message type {Type} has {Payload.Length} payload bytes, fewer than its error code");

        var error = MemoryMarshal.Read<int>(Payload);
        int tlvOffset;
        if (Type == NLMSG_DONE)
        {
            tlvOffset = sizeof(int);
        }
        else
        {
            var err = ReadFixedHeader<nlmsgerr>();
            // Without NETLINK_CAP_ACK (or for a successful ACK) the request's payload is echoed after its header.
            var echoed = (Flags & NLM_F_CAPPED) != 0 ? Unsafe.SizeOf<nlmsghdr>() : NLMSG_ALIGN((int)err.msg.nlmsg_len);
            tlvOffset = sizeof(int) + echoed;
        }

        string? message = null;
        uint? offset = null;
        if ((Flags & NLM_F_ACK_TLVS) != 0 && tlvOffset <= Payload.Length)
        {
            foreach (var attribute in new NetlinkAttributeEnumerator(Payload[tlvOffset..]))
            {
                switch (attribute.Type)
                {
                    case NLMSGERR_ATTR_MSG: message = attribute.GetString(); break;
                    case NLMSGERR_ATTR_OFFS: offset = attribute.GetUInt32(); break;
                }
            }
        }

        return new NetlinkAck(error, message, offset);
    }
}
