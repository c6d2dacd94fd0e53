namespace Vnetconf.Guest;

/// <summary>
/// The guest agent's requests that run netmap's own tools (<see cref="NetmapTools"/>) as its child processes: wire values
/// of <see cref="AgentRequest.Command"/>, arguments in <see cref="AgentRequest.Tool"/>, results in <see cref="AgentReply.Tool"/>.
/// </summary>
public static class NetmapToolCommand
{
    /// <summary>
    /// Starts pkt-gen on <see cref="NetmapToolRequest.Port"/> under the request's admode and answers once it said
    /// <see cref="NetmapToolRequest.ReadyText"/> (it has registered the port) or ended; answers <see cref="NetmapToolReply.Absent"/>
    /// when the image carries no pkt-gen.
    /// </summary>
    public const string Start = "tool-start";

    /// <summary>Waits for tool <see cref="NetmapToolRequest.ToolId"/> to end (interrupting it at the deadline); answers its output.</summary>
    public const string Wait = "tool-wait";

    public static bool Handles(string command) => command.StartsWith("tool-", StringComparison.Ordinal);
}
