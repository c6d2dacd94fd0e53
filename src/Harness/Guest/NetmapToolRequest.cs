namespace Vnetconf.Guest;

/// <summary>The arguments of a <see cref="NetmapToolCommand"/>; the fields a command does not use stay null.</summary>
public sealed record NetmapToolRequest
{
    /// <summary>The port the tool opens (<c>-i</c>), in netmap's syntax: <c>netmap:eth0</c>.</summary>
    public string? Port { get; init; }

    /// <summary>netmap's admode while the tool registers the port (0 best, 1 native, 2 generic); restored right after.</summary>
    public int? Admode { get; init; }

    /// <summary>pkt-gen's arguments after <c>-i PORT</c>.</summary>
    public List<string>? Arguments { get; init; }

    /// <summary>The text on the tool's stderr that says it registered the port and is about to send or receive.</summary>
    public string? ReadyText { get; init; }

    public int? ToolId { get; init; }

    /// <summary>How long to wait: for <see cref="ReadyText"/> (start), or for the tool to end (wait).</summary>
    public int? TimeoutMilliseconds { get; init; }
}
