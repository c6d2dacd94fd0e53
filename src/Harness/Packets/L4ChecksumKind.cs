namespace Vnetconf.Packets;

/// <summary>What a builder puts in the TCP/UDP check field; see <see cref="L4ChecksumMode"/>.</summary>
internal enum L4ChecksumKind
{
    /// <summary>The full, valid checksum.</summary>
    Complete,

    /// <summary>The folded, non-inverted pseudo-header sum, as the kernel leaves it for <c>CHECKSUM_PARTIAL</c>.</summary>
    Partial,

    /// <summary>Zero (for UDP over IPv4: "no checksum").</summary>
    Zero,

    /// <summary>A chosen value, usually wrong on purpose.</summary>
    Garbage,
}
