namespace Vnetconf.Packets;

/// <summary>
/// The TCP header fields a test chooses (ports come from the flow), and what <see cref="ParsedFrame.Tcp"/> reads
/// back, so a built segment and its parse compare with one equality.
/// </summary>
/// <param name="Sequence">Sequence number.</param>
/// <param name="Acknowledgment">Acknowledgment number (meaningful with <see cref="TcpFlags.Ack"/>).</param>
/// <param name="Flags">The flag byte.</param>
/// <param name="Window">The raw (unscaled) receive window.</param>
/// <param name="MaximumSegmentSize">An MSS option (kind 2) to include, or null for none.</param>
/// <param name="WindowScale">A window-scale option (NOP + kind 3) with this shift count, or null for none.</param>
public readonly record struct TcpSegmentFields(
    uint Sequence,
    uint Acknowledgment,
    TcpFlags Flags,
    ushort Window,
    ushort? MaximumSegmentSize = null,
    byte? WindowScale = null);
