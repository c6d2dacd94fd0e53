namespace Vnetconf.Packets;

/// <summary>How a frame's TCP/UDP checksum reads, as judged by <see cref="L4Checksum.Classify"/>.</summary>
public enum ChecksumState
{
    /// <summary>
    /// Nothing to judge from this frame alone: not TCP or UDP, an IP fragment (its checksum covers the reassembled
    /// datagram), or a frame cut shorter than its IP length that does not hold the partial value either.
    /// </summary>
    NotApplicable,

    /// <summary>The full checksum verifies.</summary>
    CompleteValid,

    /// <summary>
    /// The check field holds the folded, non-inverted pseudo-header sum for the L4 length the IP header states:
    /// a <c>CHECKSUM_PARTIAL</c> frame (virtio <c>NEEDS_CSUM</c>), possibly a GSO super-frame.
    /// </summary>
    Partial,

    /// <summary>UDP over IPv4 with checksum 0, which RFC 768 defines as "the sender computed none".</summary>
    Absent,

    /// <summary>Neither complete nor partial: a receiver that verifies would drop it.</summary>
    Invalid,
}
