namespace Vnetconf.Guest;

/// <summary>The transport names of <see cref="AgentRequest.Protocol"/>, as they travel on the agent channel.</summary>
public static class AgentProtocol
{
    public const string Tcp = "tcp";
    public const string Udp = "udp";
}
