using Vnetconf.Guest;
using Vnetconf.Scenarios;

namespace Vnetconf.Conformance.Guest;

/// <summary>The lab's addressing plan applied to the guest's eth0.</summary>
public static class AgentClientLabExtensions
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<AgentClient, object> Configured = new();

    /// <summary>Gives eth0 the lab's guest addresses, once per guest.</summary>
    public static void ConfigureAddressOnce(this AgentClient agent)
    {
        if (Configured.TryGetValue(agent, out _)) return;
        GuestAddressing.Configure(agent);
        Configured.Add(agent, new object());
    }
}
