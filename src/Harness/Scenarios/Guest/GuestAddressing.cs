using Vnetconf.Guest;

namespace Vnetconf.Scenarios;

/// <summary>The lab's addressing plan applied to a booted guest's eth0: both families, usable when the call returns.</summary>
public static class GuestAddressing
{
    public static void Configure(AgentClient agent)
    {
        agent.ConfigureAddress(GuestPathProbe.GuestInterface, LabAddresses.GuestIPv4, LabAddresses.IPv4PrefixLength);
        agent.ConfigureAddress(GuestPathProbe.GuestInterface, LabAddresses.GuestIPv6, LabAddresses.IPv6PrefixLength);
    }
}
