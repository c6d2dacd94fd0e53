namespace Vnetconf.Guest;

/// <summary>What a traffic command did: bytes the socket sent (send-udp, send-tcp) or received (receive-collect), and the calls or datagrams it took.</summary>
public sealed record AgentTrafficReport(long Bytes, int Calls, double Seconds);
