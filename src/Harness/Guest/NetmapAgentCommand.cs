namespace Vnetconf.Guest;

/// <summary>
/// The guest agent's netmap requests (wire values of <see cref="AgentRequest.Command"/>); their arguments travel in
/// <see cref="AgentRequest.Netmap"/>, their results in <see cref="AgentReply.Netmap"/>.
/// </summary>
public static class NetmapAgentCommand
{
    /// <summary>Registers <see cref="NetmapAgentRequest.Port"/> under an optional admode; answers the port id, adapter, rings.</summary>
    public const string Open = "netmap-open";

    /// <summary>Takes up to <see cref="NetmapAgentRequest.Count"/> frames from port <see cref="NetmapAgentRequest.PortId"/>.</summary>
    public const string Receive = "netmap-receive";

    /// <summary>Sends <see cref="NetmapAgentRequest.Frame"/> through port <see cref="NetmapAgentRequest.PortId"/>.</summary>
    public const string Transmit = "netmap-transmit";

    /// <summary>Sends <see cref="NetmapAgentRequest.Frame"/> repeatedly for <see cref="NetmapAgentRequest.DurationMilliseconds"/>; answers the rate.</summary>
    public const string TransmitFor = "netmap-transmit-for";

    /// <summary>Unregisters port <see cref="NetmapAgentRequest.PortId"/> and unmaps its region.</summary>
    public const string Close = "netmap-close";

    /// <summary>PORT_HDR_GET on <see cref="NetmapAgentRequest.Port"/> (a port name without mode suffixes).</summary>
    public const string GetHeaderLength = "netmap-get-header";

    /// <summary>PORT_HDR_SET of <see cref="NetmapAgentRequest.HeaderLength"/> on <see cref="NetmapAgentRequest.Port"/>.</summary>
    public const string SetHeaderLength = "netmap-set-header";

    /// <summary>
    /// Runs the host netmap probe's cell <see cref="NetmapAgentRequest.Case"/> (the catalogue's <c>NetmapHostScenario.Id</c>) in
    /// namespaces the agent creates in the guest; answers its aspects and notes.
    /// </summary>
    public const string HostProbe = "netmap-host-probe";

    /// <summary>The nr_version range the loaded netmap accepts (<see cref="Netmap.NetmapControl.AcceptedApiVersions"/>).</summary>
    public const string ApiVersions = "netmap-api-versions";

    public static bool Handles(string command) => command.StartsWith("netmap-", StringComparison.Ordinal);
}
