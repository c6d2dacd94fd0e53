namespace Vnetconf.Packets;

/// <summary>The Ethernet II type field values this suite builds or recognises (include/uapi/linux/if_ether.h).</summary>
public enum EtherType : ushort
{
    /// <summary>ETH_P_IP.</summary>
    IPv4 = 0x0800,

    /// <summary>ETH_P_ARP.</summary>
    Arp = 0x0806,

    /// <summary>ETH_P_8021Q: an 802.1Q VLAN tag follows, then the real type.</summary>
    Vlan = 0x8100,

    /// <summary>ETH_P_IPV6.</summary>
    IPv6 = 0x86DD,
}
