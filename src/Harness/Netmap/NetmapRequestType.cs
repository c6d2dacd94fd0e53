namespace Vnetconf.Netmap;

/// <summary><c>nmreq_header.nr_reqtype</c>: the NETMAP_REQ_* enum of sys/net/netmap.h, numbered from 1.</summary>
internal enum NetmapRequestType : ushort
{
    NETMAP_REQ_REGISTER = 1,
    NETMAP_REQ_PORT_INFO_GET = 2,
    NETMAP_REQ_VALE_ATTACH = 3,
    NETMAP_REQ_VALE_DETACH = 4,
    NETMAP_REQ_VALE_LIST = 5,
    NETMAP_REQ_PORT_HDR_SET = 6,
    NETMAP_REQ_PORT_HDR_GET = 7,
    NETMAP_REQ_VALE_NEWIF = 8,
    NETMAP_REQ_VALE_DELIF = 9,
    NETMAP_REQ_VALE_POLLING_ENABLE = 10,
    NETMAP_REQ_VALE_POLLING_DISABLE = 11,
    NETMAP_REQ_POOLS_INFO_GET = 12,
    NETMAP_REQ_SYNC_KLOOP_START = 13,
    NETMAP_REQ_SYNC_KLOOP_STOP = 14,
    NETMAP_REQ_CSB_ENABLE = 15,
}
