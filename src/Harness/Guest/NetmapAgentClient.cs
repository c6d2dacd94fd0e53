using Vnetconf.Netmap;

namespace Vnetconf.Guest;

/// <summary>The host's calls of the guest agent's netmap requests (<see cref="NetmapAgentCommand"/>).</summary>
public static class NetmapAgentClient
{
    /// <summary>
    /// Registers <paramref name="port"/> in the guest; <paramref name="admode"/> null leaves netmap's parameter alone.
    /// A refusal comes back in <see cref="NetmapAgentReply.Refusal"/>, not as an exception.
    /// </summary>
    public static NetmapAgentReply NetmapOpen(this AgentClient agent, string port, NetmapAdapterMode? admode, bool acceptVnetHeader = false,
        byte[]? rxBufferFill = null) =>
        Call(agent, NetmapAgentCommand.Open,
            new NetmapAgentRequest { Port = port, Admode = (int?)admode, AcceptVnetHeader = acceptVnetHeader, RxBufferFill = rxBufferFill });

    /// <summary>Up to <paramref name="count"/> frames, each with its slot length and first <paramref name="leadingBytes"/> bytes.</summary>
    public static IReadOnlyList<NetmapReceivedFrame> NetmapReceive(this AgentClient agent, int portId, int count, int leadingBytes, TimeSpan within) =>
        Call(agent, NetmapAgentCommand.Receive,
            new NetmapAgentRequest { PortId = portId, Count = count, LeadingBytes = leadingBytes, TimeoutMilliseconds = (int)within.TotalMilliseconds },
            within + AgentClient.DefaultTimeout).Frames!;

    public static void NetmapTransmit(this AgentClient agent, int portId, byte[] frame) =>
        Call(agent, NetmapAgentCommand.Transmit, new NetmapAgentRequest { PortId = portId, Frame = frame });

    /// <summary>Sends <paramref name="frame"/> through the port for <paramref name="duration"/> as fast as the adapter takes it.</summary>
    public static NetmapTransmitRate NetmapTransmitFor(this AgentClient agent, int portId, byte[] frame, TimeSpan duration) =>
        Call(agent, NetmapAgentCommand.TransmitFor, new NetmapAgentRequest { PortId = portId, Frame = frame, DurationMilliseconds = (int)duration.TotalMilliseconds },
            duration + AgentClient.DefaultTimeout).Rate!;

    public static void NetmapClose(this AgentClient agent, int portId) =>
        Call(agent, NetmapAgentCommand.Close, new NetmapAgentRequest { PortId = portId });

    /// <summary>PORT_HDR_GET; the length is in <see cref="NetmapAgentReply.HeaderLength"/>, or a refusal.</summary>
    public static NetmapAgentReply NetmapGetHeaderLength(this AgentClient agent, string port) =>
        Call(agent, NetmapAgentCommand.GetHeaderLength, new NetmapAgentRequest { Port = port });

    /// <summary>PORT_HDR_SET; a rejected length comes back as <see cref="NetmapAgentReply.Refusal"/>.</summary>
    public static NetmapAgentReply NetmapSetHeaderLength(this AgentClient agent, string port, int headerLength) =>
        Call(agent, NetmapAgentCommand.SetHeaderLength, new NetmapAgentRequest { Port = port, HeaderLength = headerLength });

    /// <summary>
    /// Runs the probe of host netmap cell <paramref name="caseId"/> inside the guest, the same probe the host runs;
    /// the reply carries its aspects and notes. A netmap refusal the probe did not expect fails the call with its message.
    /// </summary>
    public static NetmapAgentReply NetmapHostProbe(this AgentClient agent, string caseId)
    {
        var reply = Call(agent, NetmapAgentCommand.HostProbe, new NetmapAgentRequest { Case = caseId }, HostProbeTimeout);
        if (reply.Refusal is not null) throw new AgentException($"guest agent: {caseId}: {reply.RefusalMessage}");
        return reply;
    }

    /// <summary>The nr_version range the guest's netmap accepts: what its NETMAP_MIN_API..NETMAP_MAX_API are.</summary>
    public static NetmapApiRange NetmapAcceptedApi(this AgentClient agent) =>
        Call(agent, NetmapAgentCommand.ApiVersions, new NetmapAgentRequest()).AcceptedApi
        ?? throw new AgentException("guest agent: netmap accepted no nr_version at all");

    /// <summary>A cell builds namespaces, links and a port under TCG, and waits for frames up to a few seconds each way.</summary>
    private static readonly TimeSpan HostProbeTimeout = TimeSpan.FromMinutes(2);

    private static NetmapAgentReply Call(AgentClient agent, string command, NetmapAgentRequest arguments, TimeSpan? timeout = null) =>
        agent.Send(new AgentRequest(command) { Netmap = arguments }, timeout).Netmap
        ?? throw new AgentException($"guest agent: {command} answered without a netmap result");
}
