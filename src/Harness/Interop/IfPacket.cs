using System.Runtime.InteropServices;

namespace Vnetconf.Interop;

/// <summary>AF_PACKET socket options and auxiliary data (include/uapi/linux/if_packet.h, if_ether.h).</summary>
public static class IfPacket
{
    public const ushort ETH_P_ALL = 0x0003;
    public const int SOL_PACKET = 263;
    /// <summary>getsockopt: struct tpacket_stats {tp_packets, tp_drops} since the last read, which resets them.</summary>
    public const int PACKET_STATISTICS = 6;
    public const int PACKET_AUXDATA = 8;
    /// <summary>Prepend a virtio_net_hdr (10 bytes) to every frame received and expect one on every frame sent.</summary>
    public const int PACKET_VNET_HDR = 15;

    // tp_status bits of tpacket_auxdata.
    public const uint TP_STATUS_CSUMNOTREADY = 1 << 3;
    public const uint TP_STATUS_VLAN_VALID = 1 << 4;
    public const uint TP_STATUS_CSUM_VALID = 1 << 7;
    public const uint TP_STATUS_GSO_TCP = 1 << 8;
}

/// <summary>sll_pkttype: which way the frame went, from the capturing interface's point of view.</summary>
public enum PacketDirection : byte
{
    Host = 0,
    Broadcast = 1,
    Multicast = 2,
    OtherHost = 3,
    Outgoing = 4,
}

/// <summary><c>struct tpacket_auxdata</c>, delivered as a SOL_PACKET/PACKET_AUXDATA control message.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct TpacketAuxdata
{
    public uint Status;
    public uint Len;
    public uint Snaplen;
    public ushort Mac;
    public ushort Net;
    public ushort VlanTci;
    public ushort VlanTpid;
}
