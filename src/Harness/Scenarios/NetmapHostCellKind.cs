namespace Vnetconf.Scenarios;

/// <summary>What a host netmap cell (<see cref="NetmapHostScenario"/>) does: the port it opens and the traffic it drives.</summary>
public enum NetmapHostCellKind
{
    /// <summary>A frame sent from the veth peer's AF_PACKET socket, received on the netmap port of the other end.</summary>
    VethReceive,
    /// <summary>A frame sent through the netmap port of a veth end, captured on its peer.</summary>
    VethTransmit,
    /// <summary>A frame written to the TAP fd (the TAP netdev's RX), received on the TAP's netmap port.</summary>
    TapReceive,
    /// <summary>A frame sent through the TAP's netmap port, read from the TAP fd.</summary>
    TapTransmit,
    /// <summary>PORT_HDR_SET / PORT_HDR_GET on an ephemeral VALE port.</summary>
    ValePortHeader,
}
