using Vnetconf.Model;

namespace Vnetconf.Guest;

/// <summary>
/// The agent's answer to one request: <see cref="Error"/> when it failed (the exception's message, errno included),
/// otherwise the payload of that command.
/// </summary>
public sealed record AgentReply
{
    /// <summary>
    /// How often the agent says it is still working on a request (<see cref="Working"/>): a guest silent for longer
    /// than the agent's answer deadline is frozen, however long the request itself may take.
    /// </summary>
    public static readonly TimeSpan WorkingInterval = TimeSpan.FromSeconds(1);

    /// <summary>The line the agent sends every <see cref="WorkingInterval"/> while it works on a request.</summary>
    public static readonly AgentReply StillWorking = new() { Working = true };

    /// <summary>True on a <see cref="StillWorking"/> line, which is no reply: the reply follows it.</summary>
    public bool? Working { get; init; }

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
