namespace Vnetconf.Netmap;

/// <summary>What PORT_INFO_GET (or REGISTER) reports of a port: ring and slot counts, the region's size and id.</summary>
public readonly record struct NetmapPortInfo(
    ulong MemorySize, int TxRings, int RxRings, int HostTxRings, int HostRxRings, uint TxSlots, uint RxSlots, int MemoryId);
