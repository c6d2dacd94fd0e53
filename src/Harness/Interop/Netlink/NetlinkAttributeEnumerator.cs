using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static Vnetconf.Interop.Netlink.LinuxNetlink;

namespace Vnetconf.Interop.Netlink;

/// <summary>
/// Walks a run of attributes by their nla_len, each padded to 4 bytes. A length that does not fit is an
/// <see cref="InvalidDataException"/> rather than a silent stop, so a decoding bug cannot pass for a missing attribute.
/// </summary>
public ref struct NetlinkAttributeEnumerator
{
    private ReadOnlySpan<byte> rest;

    public NetlinkAttributeEnumerator(ReadOnlySpan<byte> attributes)
    {
        rest = attributes;
        Current = default;
    }

    public NetlinkAttribute Current { get; private set; }

    public readonly NetlinkAttributeEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        if (rest.IsEmpty) return false;
        var headerSize = Unsafe.SizeOf<nlattr>();
        if (rest.Length < headerSize)
            throw new InvalidDataException($"{rest.Length} bytes left in an attribute run, fewer than a nlattr");
        var header = MemoryMarshal.Read<nlattr>(rest);
        if (header.nla_len < headerSize || header.nla_len > rest.Length)
            throw new InvalidDataException($"attribute {header.nla_type & NLA_TYPE_MASK} claims {header.nla_len} bytes with {rest.Length} left");
        Current = new NetlinkAttribute(header.nla_type, rest[headerSize..header.nla_len]);
        rest = rest[Math.Min(NLA_ALIGN(header.nla_len), rest.Length)..];
        return true;
    }
}
