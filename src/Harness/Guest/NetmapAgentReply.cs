using Vnetconf.Netmap;

namespace Vnetconf.Guest;

/// <summary>
/// The result of a <see cref="NetmapAgentCommand"/>. A request netmap refused with an errno is an answer, not an
/// agent error: <see cref="Refusal"/> carries the errno's name and the binding's explanation, so a test can assert
/// the rejection (PORT_HDR_SET of an invalid length, REGISTER demanding native where there is none).
/// </summary>
public sealed record NetmapAgentReply
{
    /// <summary>The errno name (EINVAL, EOPNOTSUPP, ENXIO…) when the kernel refused the request.</summary>
    public string? Refusal { get; init; }

    /// <summary>The binding's message for the refusal: request, port, errno and what it means for netmap.</summary>
    public string? RefusalMessage { get; init; }

    public int? PortId { get; init; }

    /// <summary>Native, Generic or Unknown (<see cref="NetmapAdapterKind"/>), and what it was inferred from.</summary>
    public string? Adapter { get; init; }
    public string? AdapterEvidence { get; init; }

    /// <summary>The netmap API version the binding registered with and the kernel accepted (NETMAP_API).</summary>
    public int? ApiVersion { get; init; }

    /// <summary>The nr_version range the kernel's netmap accepts, which says the API the module was built with.</summary>
    public NetmapApiRange? AcceptedApi { get; init; }

    public NetmapPortInfo? Info { get; init; }

    /// <summary>The size of the open port's buffers (the RX rings' nr_buf_size).</summary>
    public int? BufferSize { get; init; }

    /// <summary>PORT_HDR_GET's answer, or for an open port, the header length in force when it was registered.</summary>
    public int? HeaderLength { get; init; }

    public List<NetmapReceivedFrame>? Frames { get; init; }

    /// <summary>A timed transmission's frames and seconds.</summary>
    public NetmapTransmitRate? Rate { get; init; }

    /// <summary>A host probe cell's observation: its aspects in the catalogue's words (<c>NetmapAspects</c>), and its notes.</summary>
    public Dictionary<string, string>? Aspects { get; init; }
    public List<string>? Notes { get; init; }
}
