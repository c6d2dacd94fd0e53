using Vnetconf.Netmap;

namespace Vnetconf.Guest;

/// <summary>The host's calls of the guest agent's tool requests (<see cref="NetmapToolCommand"/>).</summary>
public static class NetmapToolClient
{
    /// <summary>
    /// Starts pkt-gen on <paramref name="port"/> with <paramref name="admode"/> in force for its REGISTER, and returns once it
    /// printed <paramref name="readyText"/> or ended (<see cref="NetmapToolReply.Exited"/>), or the image has none (<see cref="NetmapToolReply.Absent"/>).
    /// </summary>
    public static NetmapToolReply PktGenStart(this AgentClient agent, string port, NetmapAdapterMode admode, IReadOnlyList<string> arguments,
        string readyText, TimeSpan within) =>
        Call(agent, NetmapToolCommand.Start, new NetmapToolRequest
        {
            Port = port, Admode = (int)admode, Arguments = [.. arguments], ReadyText = readyText, TimeoutMilliseconds = (int)within.TotalMilliseconds,
        }, within + AgentClient.DefaultTimeout);

    /// <summary>The tool's output once it ended, or once <paramref name="within"/> passed and it was interrupted.</summary>
    public static NetmapToolReply PktGenWait(this AgentClient agent, int toolId, TimeSpan within) =>
        Call(agent, NetmapToolCommand.Wait, new NetmapToolRequest { ToolId = toolId, TimeoutMilliseconds = (int)within.TotalMilliseconds },
            within + AgentClient.DefaultTimeout);

    private static NetmapToolReply Call(AgentClient agent, string command, NetmapToolRequest arguments, TimeSpan timeout) =>
        agent.Send(new AgentRequest(command) { Tool = arguments }, timeout).Tool
        ?? throw new AgentException($"guest agent: {command} answered without a tool result");
}
