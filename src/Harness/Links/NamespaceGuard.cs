namespace Vnetconf.Links;

/// <summary>
/// The suite's promise to the machine it runs on: every state-changing operation (links, addresses, routes,
/// neighbours, sysctls, ethtool settings, TAP creation) targets a namespace the lab created. The host's own
/// namespace may be changed only on an interface the user named explicitly as a physical NIC.
/// </summary>
internal static class NamespaceGuard
{
    /// <summary>Throws <see cref="HostModificationRefusedException"/> unless <paramref name="ns"/> may be changed.</summary>
    /// <param name="ns">the namespace the operation would change</param>
    /// <param name="operation">what would be done, for the message</param>
    /// <param name="interfaceName">the interface it would change, if it changes exactly one</param>
    public static void EnsureMayModify(NetNamespace ns, string operation, string? interfaceName = null)
    {
        if (ns.IsLabOwned) return;
        if (interfaceName is not null && ns.PermittedInterfaces.Contains(interfaceName)) return;
        throw new HostModificationRefusedException(operation, interfaceName);
    }
}

/// <summary>An operation would have changed the host's own network namespace; it was not attempted.</summary>
public sealed class HostModificationRefusedException(string operation, string? interfaceName)
    : InvalidOperationException(
        $"refused: {operation}{(interfaceName is null ? "" : $" on {interfaceName}")} would change the host's own network " +
        "namespace. vnetconf changes only namespaces it created; to let it use a physical NIC, name that NIC " +
        "explicitly in the lab configuration.")
{
    public string Operation { get; } = operation;
    public string? InterfaceName { get; } = interfaceName;
}
