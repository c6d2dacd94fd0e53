namespace Vnetconf.Guest;

/// <summary>Who answers: the guest kernel's release (/proc/sys/kernel/osrelease) and its uptime when asked.</summary>
public sealed record AgentHello(string KernelRelease, double UptimeSeconds);
