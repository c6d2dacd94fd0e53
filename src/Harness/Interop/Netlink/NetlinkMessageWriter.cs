using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using static Vnetconf.Interop.Netlink.LinuxNetlink;

namespace Vnetconf.Interop.Netlink;

/// <summary>
/// Builds one netlink message: the <see cref="nlmsghdr"/>, a fixed family header (<see cref="ifinfomsg"/> and
/// friends), then attributes, each padded to 4 bytes, nests included. <c>nlmsg_len</c> is kept current after every
/// append, so <see cref="Bytes"/> is always a complete message.
/// </summary>
/// <remarks>
/// Attribute lengths follow the kernel's and iproute2's convention: <c>nla_len</c> counts header and payload, the
/// padding after it is counted only by the enclosing nest and message. Nests are written without NLA_F_NESTED, as
/// iproute2 writes them; rtnetlink parses IFLA_LINKINFO and IFLA_INFO_DATA with the lenient parsers that accept both.
/// </remarks>
public sealed class NetlinkMessageWriter
{
    private byte[] buffer = new byte[256];
    private int length;

    public NetlinkMessageWriter(ushort type, ushort flags, uint sequence = 0)
    {
        Append(new nlmsghdr { nlmsg_len = (uint)Unsafe.SizeOf<nlmsghdr>(), nlmsg_type = type, nlmsg_flags = flags, nlmsg_seq = sequence });
    }

    /// <summary>The message so far, valid until the next append.</summary>
    public ReadOnlySpan<byte> Bytes => buffer.AsSpan(0, length);

    /// <summary>The sequence number; the socket sets it just before sending, to match the replies.</summary>
    public uint Sequence
    {
        get => Header.nlmsg_seq;
        set => Header.nlmsg_seq = value;
    }

    private ref nlmsghdr Header => ref Unsafe.As<byte, nlmsghdr>(ref buffer[0]);

    /// <summary>Appends a fixed-size structure (a family header, or the ifinfomsg inside VETH_INFO_PEER), padded to 4 bytes.</summary>
    public void Append<T>(in T value) where T : unmanaged
    {
        var target = Reserve(Unsafe.SizeOf<T>());
        MemoryMarshal.Write(target, in value);
    }

    /// <summary>Appends an attribute with a raw payload (addresses, MACs, strings the caller terminates itself).</summary>
    public void PutAttribute(ushort type, ReadOnlySpan<byte> payload)
    {
        var total = Unsafe.SizeOf<nlattr>() + payload.Length;
        if (total > ushort.MaxValue) throw new ArgumentException($"attribute {type} is {total} bytes; nla_len is 16 bits", nameof(payload));
        var target = Reserve(total);
        MemoryMarshal.Write(target, new nlattr { nla_len = (ushort)total, nla_type = type });
        payload.CopyTo(target[Unsafe.SizeOf<nlattr>()..]);
    }

    /// <summary>Appends a u32 attribute, in host byte order as netlink wants.</summary>
    public void PutUInt32(ushort type, uint value)
    {
        Span<byte> payload = stackalloc byte[sizeof(uint)];
        MemoryMarshal.Write(payload, in value);
        PutAttribute(type, payload);
    }

    /// <summary>Appends a NUL-terminated UTF-8 string attribute (NLA_NUL_STRING / NLA_STRING, e.g. IFLA_IFNAME).</summary>
    public void PutString(ushort type, string value)
    {
        if (value.Contains('\0')) throw new ArgumentException("a netlink string cannot contain NUL", nameof(value));
        var bytes = new byte[Encoding.UTF8.GetByteCount(value) + 1];
        Encoding.UTF8.GetBytes(value, bytes);
        PutAttribute(type, bytes);
    }

    /// <summary>
    /// Opens a nested attribute; everything appended until the returned scope is disposed is its payload.
    /// Use as <c>using (writer.BeginNested(IFLA_LINKINFO)) { ... }</c>.
    /// </summary>
    internal NetlinkNest BeginNested(ushort type)
    {
        var start = length;
        MemoryMarshal.Write(Reserve(Unsafe.SizeOf<nlattr>()), new nlattr { nla_type = type });
        return new NetlinkNest(this, start);
    }

    internal void EndNested(int start)
    {
        var total = length - start;
        if (total > ushort.MaxValue) throw new InvalidOperationException($"nested attribute at {start} is {total} bytes; nla_len is 16 bits");
        Unsafe.As<byte, nlattr>(ref buffer[start]).nla_len = (ushort)total;
    }

    /// <summary>Reserves <paramref name="size"/> bytes plus padding to 4, zeroed, and updates nlmsg_len.</summary>
    private Span<byte> Reserve(int size)
    {
        var padded = NLA_ALIGN(size);
        if (length + padded > buffer.Length) Array.Resize(ref buffer, Math.Max(buffer.Length * 2, length + padded));
        var span = buffer.AsSpan(length, padded);
        span.Clear();
        length += padded;
        Header.nlmsg_len = (uint)length;
        return span[..size];
    }
}
