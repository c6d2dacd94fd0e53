namespace Vnetconf.Scenarios;

/// <summary>
/// The frames a netmap RX cell injects: the layout of a buffer (what precedes the frame, what the slot length counts)
/// must hold at either end of the sizes as well as in the middle.
/// </summary>
internal enum NetmapFrameSize
{
    /// <summary>A UDP frame whose payload is the cell's name: 80–110 bytes.</summary>
    Named,

    /// <summary>The Ethernet minimum, 60 bytes, so neither QEMU nor the kernel pads it.</summary>
    Minimum,

    /// <summary>
    /// The netmap buffer's size less a 12-byte virtio-net header: the largest frame that fits the buffer whatever
    /// layout the adapter uses (the native adapter keeps at most the header's tail in the buffer).
    /// </summary>
    NearBuffer,
}
