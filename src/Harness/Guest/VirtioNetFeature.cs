namespace Vnetconf.Guest;

/// <summary>
/// Feature bit numbers of a virtio-net device (include/uapi/linux/virtio_net.h VIRTIO_NET_F_*) and the transport
/// bits the suite reads (include/uapi/linux/virtio_config.h VIRTIO_F_*). The value is the bit index; bits 64 and above
/// exist since Linux 6.17 widened the feature space to 128 bits (VIRTIO_FEATURES_MAX), which only a modern device carries.
/// </summary>
public enum VirtioNetFeature
{
    CSUM = 0,
    GUEST_CSUM = 1,
    CTRL_GUEST_OFFLOADS = 2,
    MTU = 3,
    MAC = 5,
    GSO = 6,
    GUEST_TSO4 = 7,
    GUEST_TSO6 = 8,
    GUEST_ECN = 9,
    GUEST_UFO = 10,
    HOST_TSO4 = 11,
    HOST_TSO6 = 12,
    HOST_ECN = 13,
    HOST_UFO = 14,
    MRG_RXBUF = 15,
    STATUS = 16,
    CTRL_VQ = 17,
    CTRL_RX = 18,
    CTRL_VLAN = 19,
    CTRL_RX_EXTRA = 20,
    GUEST_ANNOUNCE = 21,
    MQ = 22,
    CTRL_MAC_ADDR = 23,
    VERSION_1 = 32,
    ACCESS_PLATFORM = 33,
    NOTF_COAL = 53,
    GUEST_USO4 = 54,
    GUEST_USO6 = 55,
    HOST_USO = 56,
    HASH_REPORT = 57,
    RSS = 60,
    RSC_EXT = 61,
    STANDBY = 62,
    SPEED_DUPLEX = 63,

    /// <summary>The driver can receive GSO-over-UDP-tunnel packets (Linux 6.17, 56a06bd40fab).</summary>
    GUEST_UDP_TUNNEL_GSO = 65,

    /// <summary>… with a partial checksum for the outer UDP header.</summary>
    GUEST_UDP_TUNNEL_GSO_CSUM = 66,

    /// <summary>The device can receive (the driver can send) GSO-over-UDP-tunnel packets.</summary>
    HOST_UDP_TUNNEL_GSO = 67,

    /// <summary>… with a partial checksum for the outer UDP header.</summary>
    HOST_UDP_TUNNEL_GSO_CSUM = 68,
}
