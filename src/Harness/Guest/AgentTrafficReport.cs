namespace Vnetconf.Guest;

/// <summary>What a send command did: bytes accepted by the socket and the send calls it took.</summary>
public sealed record AgentTrafficReport(long BytesSent, int Calls, double Seconds);
