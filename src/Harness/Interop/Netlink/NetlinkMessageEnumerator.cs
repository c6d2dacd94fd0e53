using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static Vnetconf.Interop.Netlink.LinuxNetlink;

namespace Vnetconf.Interop.Netlink;

/// <summary>
/// Walks the messages of a receive buffer by their nlmsg_len, each padded to 4 bytes. A length that does not fit the
/// buffer is an <see cref="InvalidDataException"/>: the kernel never sends one, so it means the buffer was truncated.
/// </summary>
internal ref struct NetlinkMessageEnumerator
{
    private ReadOnlySpan<byte> rest;

    public NetlinkMessageEnumerator(ReadOnlySpan<byte> buffer)
    {
        rest = buffer;
        Current = default;
    }

    public NetlinkMessage Current { get; private set; }

    public readonly NetlinkMessageEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        if (rest.IsEmpty) return false;
        var headerSize = Unsafe.SizeOf<nlmsghdr>();
        if (rest.Length < headerSize)
            throw new InvalidDataException($"{rest.Length} bytes left in a netlink buffer, fewer than a nlmsghdr");
        var header = MemoryMarshal.Read<nlmsghdr>(rest);
        if (header.nlmsg_len < headerSize || header.nlmsg_len > rest.Length)
            throw new InvalidDataException($"netlink message type {header.nlmsg_type} claims {header.nlmsg_len} bytes with {rest.Length} left");
        var length = (int)header.nlmsg_len;
        Current = new NetlinkMessage(header, rest[headerSize..length]);
        rest = rest[Math.Min(NLMSG_ALIGN(length), rest.Length)..];
        return true;
    }
}
