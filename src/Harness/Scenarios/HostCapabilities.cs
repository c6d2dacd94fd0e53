using Vnetconf.Model;

namespace Vnetconf.Scenarios;

/// <summary>
/// One probe per run of what this host can do, so each test consults it and a skip quotes the probe's words.
/// </summary>
public sealed class HostCapabilities
{
    private static readonly Lazy<HostCapabilities> Instance = new(() => new HostCapabilities());

    private HostCapabilities()
    {
        IsRoot = Tmds.Linux.LibC.geteuid() == 0;
        HasTun = File.Exists(Interop.IfTun.DevicePath);
        var gaps = new List<string>();
        if (!IsRoot)
            gaps.Add("not root: the Host lab needs CAP_NET_ADMIN to create namespaces, TAPs and AF_PACKET sockets. " +
                     "Fix: run the tests as root (sudo dotnet test ...).");
        if (!HasTun)
            gaps.Add($"no {Interop.IfTun.DevicePath}: the tun driver is missing. Fix: modprobe tun (CONFIG_TUN), " +
                     "or in a container pass --device /dev/net/tun.");
        if (!Directory.Exists("/proc/sys/net/ipv6"))
            gaps.Add("IPv6 is disabled in this kernel (ipv6.disable=1): the lab gives every endpoint an IPv6 address too. " +
                     "Fix: boot without ipv6.disable=1.");
        HostLabGaps = gaps;
    }

    public static HostCapabilities Probe() => Instance.Value;

    /// <summary>What every lab needs: root, /dev/net/tun and IPv6 (<see cref="HostLabGaps"/>, each with its fix).</summary>
    public static readonly Requirement HostLab = new("the Host lab", () => Probe().HostLabGaps is { Count: > 0 } gaps ? string.Join(" ", gaps) : null);

    public bool IsRoot { get; }
    public bool HasTun { get; }

    /// <summary>Why the Host lab cannot run here, each with its fix; empty when it can.</summary>
    private IReadOnlyList<string> HostLabGaps { get; }
}
