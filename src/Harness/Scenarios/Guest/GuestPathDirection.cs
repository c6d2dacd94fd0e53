namespace Vnetconf.Scenarios;

/// <summary>Which way a guest-path cell's traffic flows between the guest and the far end of the wire.</summary>
public enum GuestPathDirection
{
    /// <summary>The guest's socket sends to a server in the far namespace (virtio-net TX → TAP write → bridge → NIC).</summary>
    Transmit,

    /// <summary>A far-end socket sends to the guest (NIC → bridge → TAP read → virtio-net RX).</summary>
    Receive,
}
