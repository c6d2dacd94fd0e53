namespace Vnetconf.Guest;

/// <summary>The arguments of a <see cref="NetmapAgentCommand"/>; the fields a command does not use stay null.</summary>
public sealed record NetmapAgentRequest
{
    /// <summary>A port name in netmap's syntax: <c>netmap:eth0</c>, <c>vale0:p0</c>.</summary>
    public string? Port { get; init; }

    /// <summary>netmap's admode for the REGISTER (0 best, 1 native, 2 generic); null leaves the parameter as it is.</summary>
    public int? Admode { get; init; }

    /// <summary>Register with NR_ACCEPT_VNET_HDR: the application takes buffers that start with a virtio-net header.</summary>
    public bool AcceptVnetHeader { get; init; }

    /// <summary>Written at the start of every RX buffer once the port is open (<see cref="Netmap.NetmapPort.FillRxBufferStarts"/>).</summary>
    public byte[]? RxBufferFill { get; init; }

    public int? PortId { get; init; }
    public int? Count { get; init; }

    /// <summary>How many bytes of each received buffer to return.</summary>
    public int? LeadingBytes { get; init; }

    public int? TimeoutMilliseconds { get; init; }

    /// <summary>The bytes to put in a TX slot, exactly (a virtio-net header first, on a port that has one).</summary>
    public byte[]? Frame { get; init; }

    public int? HeaderLength { get; init; }

    /// <summary>How long a timed transmission runs.</summary>
    public int? DurationMilliseconds { get; init; }

    /// <summary>The id of the host netmap cell to observe (<see cref="NetmapAgentCommand.HostProbe"/>).</summary>
    public string? Case { get; init; }
}
