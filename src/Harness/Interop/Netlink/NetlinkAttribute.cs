using System.Runtime.InteropServices;
using static Vnetconf.Interop.Netlink.LinuxNetlink;

namespace Vnetconf.Interop.Netlink;

/// <summary>One attribute of a received message: its type (without the NLA_F_* bits) and its payload.</summary>
public readonly ref struct NetlinkAttribute
{
    internal NetlinkAttribute(ushort rawType, ReadOnlySpan<byte> payload)
    {
        Type = (ushort)(rawType & NLA_TYPE_MASK);
        IsNested = (rawType & NLA_F_NESTED) != 0;
        Payload = payload;
    }

    public ushort Type { get; }

    /// <summary>Whether the sender flagged it NLA_F_NESTED. Older rtnetlink nests are not flagged; the type says what it is.</summary>
    public bool IsNested { get; }

    public ReadOnlySpan<byte> Payload { get; }

    public uint GetUInt32() =>
        Payload.Length == sizeof(uint)
            ? MemoryMarshal.Read<uint>(Payload)
            : throw new InvalidDataException($"attribute {Type} has {Payload.Length} bytes, not a u32");

    /// <summary>The payload as UTF-8 up to its first NUL (the kernel sends strings NUL-terminated; iproute2 sometimes not).</summary>
    public string GetString() => NativeText.UntilNul(Payload);

    /// <summary>The attributes nested in this one.</summary>
    public NetlinkAttributeEnumerator GetNested() => new(Payload);
}
