using Vnetconf.Model;

namespace Vnetconf.Guest;

/// <summary>
/// The agent's answer to one request: <see cref="Error"/> when it failed (the exception's message, errno included),
/// otherwise the payload of that command.
/// </summary>
public sealed record AgentReply
{
    public string? Error { get; init; }
    public AgentHello? Hello { get; init; }
    public VirtioDeviceFeatures? VirtioFeatures { get; init; }
    public List<AgentEthtoolFeature>? EthtoolFeatures { get; init; }

    /// <summary>ETHTOOL_SFEATURES' positive answer (<see cref="Links.EthtoolSetResult"/>).</summary>
    public int? SetResult { get; init; }

    public AgentTrafficReport? Traffic { get; init; }
    public int? CaptureId { get; init; }

    /// <summary>link-counters: each counter by the kernel's name.</summary>
    public Dictionary<string, long>? Counters { get; init; }
    public int? ReceiverId { get; init; }
    public List<AgentFrame>? Frames { get; init; }

    /// <summary>The result of a netmap request (<see cref="NetmapAgentCommand"/>).</summary>
    public NetmapAgentReply? Netmap { get; init; }

    /// <summary>The result of a request that runs netmap's own tools (<see cref="NetmapToolCommand"/>).</summary>
    public NetmapToolReply? Tool { get; init; }

    /// <summary>A host-matrix cell as the guest judged it (<see cref="AgentCommand.RunCell"/>).</summary>
    public CellResult? Cell { get; init; }
}
