namespace Vnetconf.Guest;

/// <summary>The result of a <see cref="NetmapToolCommand"/>.</summary>
public sealed record NetmapToolReply
{
    /// <summary>The image carries no pkt-gen (<see cref="NetmapTools.PktGenPathInGuest"/>): the user gave none.</summary>
    public bool Absent { get; init; }

    public int? ToolId { get; init; }

    /// <summary>The tool ended (before it was ready, at start; by itself or interrupted, at wait).</summary>
    public bool Exited { get; init; }

    public int? ExitCode { get; init; }

    /// <summary>It did not end within the deadline and was interrupted (SIGINT, then SIGKILL).</summary>
    public bool TimedOut { get; init; }

    public string? Stdout { get; init; }
    public string? Stderr { get; init; }

    /// <summary>Which adapter the tool's REGISTER got (<see cref="Netmap.NetmapAdapterKind"/>), and what it was inferred from.</summary>
    public string? Adapter { get; init; }
    public string? AdapterEvidence { get; init; }
}
