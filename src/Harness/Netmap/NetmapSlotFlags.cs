namespace Vnetconf.Netmap;

/// <summary><c>netmap_slot.flags</c> (NS_* of sys/net/netmap.h). The high byte carries a VALE port or fragment count.</summary>
[Flags]
public enum NetmapSlotFlags : ushort
{
    None = 0,
    NS_BUF_CHANGED = 0x0001,
    NS_REPORT = 0x0002,
    NS_FORWARD = 0x0004,
    NS_NO_LEARN = 0x0008,
    NS_INDIRECT = 0x0010,
    NS_MOREFRAG = 0x0020,
    NS_TXMON = 0x0040,
    /// <summary>NS_PORT_MASK: the destination port on VALE, the remaining fragments on RX (NS_RFRAGS).</summary>
    NS_PORT_MASK = 0xff00,
}
