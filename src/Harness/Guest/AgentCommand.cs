namespace Vnetconf.Guest;

/// <summary>The requests the guest agent answers; the names are the protocol's wire values.</summary>
public static class AgentCommand
{
    /// <summary>Kernel release and uptime; also sent unasked as the agent's first line, to say it is ready.</summary>
    public const string Hello = "hello";

    /// <summary>The virtio-net device's negotiated feature bits (/sys/bus/virtio/devices/*/features).</summary>
    public const string VirtioFeatures = "virtio-features";

    /// <summary>Every ethtool feature of <see cref="AgentRequest.Interface"/>.</summary>
    public const string EthtoolFeatures = "ethtool-features";

    /// <summary>ETHTOOL_SFEATURES on <see cref="AgentRequest.Interface"/> with <see cref="AgentRequest.Features"/>.</summary>
    public const string SetEthtool = "set-ethtool";

    /// <summary>Brings the interface up and adds <see cref="AgentRequest.Address"/>/<see cref="AgentRequest.PrefixLength"/>.</summary>
    public const string ConfigureAddress = "configure-address";

    /// <summary>The frame and loss counters of <see cref="AgentRequest.Interface"/> (rtnl_link_stats64, by the kernel's names).</summary>
    public const string LinkCounters = "link-counters";

    /// <summary>
    /// The guest's end of the lab's VXLAN tunnel over eth0, from its outer address <see cref="AgentRequest.Address"/> (which
    /// picks the family); a second request finds it there.
    /// </summary>
    public const string AddVxlan = "add-vxlan";

    /// <summary>
    /// Sends <see cref="AgentRequest.Bytes"/> in datagrams of <see cref="AgentRequest.ChunkSize"/> to a UDP port, each cut by
    /// UDP GSO into <see cref="AgentRequest.SegmentSize"/> segments when that is set.
    /// </summary>
    public const string SendUdp = "send-udp";

    /// <summary>
    /// Connects to a TCP port and sends <see cref="AgentRequest.Bytes"/>, or less when <see cref="AgentRequest.DurationMilliseconds"/>
    /// passes first; the connect and each send must progress within <see cref="AgentRequest.TimeoutMilliseconds"/>.
    /// </summary>
    public const string SendTcp = "send-tcp";

    /// <summary>Opens an AF_PACKET socket on the interface (so nothing sent afterwards is missed); answers its id.</summary>
    public const string CaptureStart = "capture-start";

    /// <summary>
    /// Returns up to <see cref="AgentRequest.Count"/> frames of capture <see cref="AgentRequest.CaptureId"/>, stopping early once no
    /// frame came for <see cref="AgentRequest.TimeoutMilliseconds"/>, then closes it.
    /// </summary>
    public const string CaptureCollect = "capture-collect";

    /// <summary>
    /// Opens a <see cref="AgentRequest.Protocol"/> socket on <see cref="AgentRequest.Port"/> of every address (TCP: listening), so the
    /// host's far end can send to the guest; answers its id.
    /// </summary>
    public const string ReceiveStart = "receive-start";

    /// <summary>
    /// Reads what receiver <see cref="AgentRequest.ReceiverId"/> got, then closes it: TCP accepts one connection and reads it to its
    /// end (a stream silent for <see cref="AgentRequest.TimeoutMilliseconds"/> before its end is an error carrying the
    /// guest's TCP state and counters); UDP reads datagrams until none came for that long.
    /// </summary>
    public const string ReceiveCollect = "receive-collect";

    /// <summary>Run one host-matrix cell, by id, inside the guest on its kernel, and return it judged.</summary>
    public const string RunCell = "run-cell";
}
