namespace Vnetconf.Guest;

/// <summary>
/// One request to the guest agent, one JSON line on the agent channel. The fields a command does not use stay null,
/// so one flat shape serves every command (see <see cref="AgentCommand"/>) and the wire format stays greppable.
/// </summary>
public sealed record AgentRequest(string Command)
{
    public string? Interface { get; init; }

    /// <summary>ethtool feature or group names, each on (true) or off.</summary>
    public Dictionary<string, bool>? Features { get; init; }

    public string? Address { get; init; }

    /// <summary>virtio-features: the MAC address of the NIC asked about (a guest may have several, <see cref="SideNic"/>).</summary>
    public string? Mac { get; init; }
    public int? PrefixLength { get; init; }
    public int? Port { get; init; }
    public long? Bytes { get; init; }
    public int? ChunkSize { get; init; }

    /// <summary>send-udp: UDP_SEGMENT, the segment size of each datagram sent as one UDP GSO skb.</summary>
    public int? SegmentSize { get; init; }
    public int? Count { get; init; }
    public int? TimeoutMilliseconds { get; init; }

    /// <summary>send-tcp: stop sending after this long even when not all <see cref="Bytes"/> are out (a timed bulk send).</summary>
    public int? DurationMilliseconds { get; init; }

    /// <summary>Capture with PACKET_VNET_HDR, so each frame comes with the skb's offload state as a virtio-net header.</summary>
    public bool? VnetHeader { get; init; }

    public int? CaptureId { get; init; }

    /// <summary>
    /// send-udp: the source port to send from (a marker's). capture-collect and receive-collect: stop at the first
    /// frame or datagram from this UDP source port (not returned), a marker sent after the cell's traffic along the same
    /// path; <see cref="TimeoutMilliseconds"/> is then a deadline, and a marker that does not come is a timeout.
    /// </summary>
    public int? MarkerPort { get; init; }

    /// <summary>The arguments of a netmap request (<see cref="NetmapAgentCommand"/>).</summary>
    public NetmapAgentRequest? Netmap { get; init; }

    /// <summary>The arguments of a request that runs netmap's own tools (<see cref="NetmapToolCommand"/>).</summary>
    public NetmapToolRequest? Tool { get; init; }

    /// <summary>"tcp" or "udp" (<see cref="AgentProtocol"/>).</summary>
    public string? Protocol { get; init; }

    public int? ReceiverId { get; init; }

    /// <summary>The host-matrix cell to run (<see cref="AgentCommand.RunCell"/>).</summary>
    public string? CellId { get; init; }
}
