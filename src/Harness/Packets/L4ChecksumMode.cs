namespace Vnetconf.Packets;

/// <summary>
/// How a builder fills the TCP/UDP check field: <see cref="Complete"/>, <see cref="Partial"/>, <see cref="Zero"/>
/// or <see cref="Garbage"/> with a chosen value. The default value is <see cref="Complete"/>.
/// </summary>
public readonly record struct L4ChecksumMode
{
    private L4ChecksumMode(L4ChecksumKind kind, ushort garbageValue)
    {
        Kind = kind;
        GarbageValue = garbageValue;
    }

    /// <summary>Which way the field is filled.</summary>
    internal L4ChecksumKind Kind { get; }

    /// <summary>The value stored by <see cref="Garbage"/>; zero for the other kinds.</summary>
    public ushort GarbageValue { get; }

    /// <summary>
    /// The full checksum. A sum that folds to zero is stored as 0xFFFF for TCP as well as UDP, as the kernel's
    /// <c>skb_checksum_help</c> stores it, so a finished partial frame equals a complete one byte for byte.
    /// </summary>
    public static L4ChecksumMode Complete => new(L4ChecksumKind.Complete, 0);

    /// <summary>The folded, non-inverted pseudo-header sum: a <c>CHECKSUM_PARTIAL</c> frame awaiting <see cref="L4Checksum.Finish"/>.</summary>
    public static L4ChecksumMode Partial => new(L4ChecksumKind.Partial, 0);

    /// <summary>Zero: "no checksum" for UDP over IPv4, invalid for TCP and for UDP over IPv6.</summary>
    public static L4ChecksumMode Zero => new(L4ChecksumKind.Zero, 0);

    /// <summary>
    /// The given value, whatever it is. The caller picks one that differs from the complete and partial values
    /// when the frame is meant to be invalid.
    /// </summary>
    public static L4ChecksumMode Garbage(ushort value) => new(L4ChecksumKind.Garbage, value);

    /// <inheritdoc/>
    public override string ToString() => Kind == L4ChecksumKind.Garbage ? $"Garbage(0x{GarbageValue:x4})" : Kind.ToString();
}
