using Vnetconf.Interop;

namespace Vnetconf.Scenarios;

/// <summary>
/// Which TUNSETOFFLOAD arguments the kernel accepts: a model of drivers/net/tun.c:set_offload, written from the
/// source and checked against the live kernel over every combination of bits.
/// </summary>
public static class TunOffloadRules
{
    private const string Source = "drivers/net/tun.c: set_offload";

    /// <summary>All bits a TUNSETOFFLOAD argument can name on some kernel.</summary>
    public const TunOffloads AllKnown = (TunOffloads)0x1ff;

    public static Expected<bool> Accepts(TunOffloads offloads, KernelVersion kernel)
    {
        var left = offloads;
        if (left.HasFlag(TunOffloads.TUN_F_CSUM))
        {
            left &= ~TunOffloads.TUN_F_CSUM;
            var tso = TunOffloads.TUN_F_TSO4 | TunOffloads.TUN_F_TSO6;
            var segments = false;
            if ((left & tso) != 0)
            {
                left &= ~(tso | TunOffloads.TUN_F_TSO_ECN);
                segments = true;
            }
            left &= ~TunOffloads.TUN_F_UFO;
            var uso = TunOffloads.TUN_F_USO4 | TunOffloads.TUN_F_USO6;
            if (KernelChanges.Uso.IsIn(kernel) && (left & uso) == uso)
            {
                left &= ~uso;
                segments = true;
            }
            // The outer-checksum variant rides on the tunnel bit: GSO_CSUM alone stays unclaimed.
            if (KernelChanges.UdpTunnelGso.IsIn(kernel) && segments && left.HasFlag(TunOffloads.TUN_F_UDP_TUNNEL_GSO))
                left &= ~(TunOffloads.TUN_F_UDP_TUNNEL_GSO | TunOffloads.TUN_F_UDP_TUNNEL_GSO_CSUM);
        }

        if (left == TunOffloads.None)
            return new(true, "every bit is claimed: TSO4/TSO6 (ECN with them), UFO, USO4+USO6 and the tunnel bits only inside CSUM", Source);
        return new(false, $"bits left unclaimed ({Describe(left)}) make it return EINVAL: {WhyUnclaimed(left, offloads, kernel)}", Source);
    }

    private static string WhyUnclaimed(TunOffloads left, TunOffloads all, KernelVersion kernel)
    {
        if (!all.HasFlag(TunOffloads.TUN_F_CSUM)) return "nothing is accepted without TUN_F_CSUM";
        if (left.HasFlag(TunOffloads.TUN_F_TSO_ECN)) return "TSO_ECN needs TSO4 or TSO6";
        if ((left & (TunOffloads.TUN_F_USO4 | TunOffloads.TUN_F_USO6)) != 0)
            return KernelChanges.Uso.IsIn(kernel) ? "USO4 and USO6 are accepted only together" : $"USO needs Linux {KernelChanges.Uso.Since.MajorMinor}+";
        if ((left & (TunOffloads.TUN_F_UDP_TUNNEL_GSO | TunOffloads.TUN_F_UDP_TUNNEL_GSO_CSUM)) != 0)
            return !KernelChanges.UdpTunnelGso.IsIn(kernel) ? $"UDP-tunnel GSO needs Linux {KernelChanges.UdpTunnelGso.Since.MajorMinor}+"
                : left.HasFlag(TunOffloads.TUN_F_UDP_TUNNEL_GSO) ? "UDP-tunnel GSO needs a TSO or USO offload"
                : "UDP_TUNNEL_GSO_CSUM needs UDP_TUNNEL_GSO";
        return "unknown bits";
    }

    /// <summary>"CSUM|TSO4" rather than the enum's long names.</summary>
    public static string Describe(TunOffloads offloads)
    {
        if (offloads == TunOffloads.None) return "0";
        var parts = new List<string>();
        foreach (var flag in Enum.GetValues<TunOffloads>())
            if (flag != TunOffloads.None && offloads.HasFlag(flag)) parts.Add(flag.ToString()["TUN_F_".Length..]);
        var unknown = offloads & ~AllKnown;
        if (unknown != 0) parts.Add($"0x{(uint)unknown:x}");
        return string.Join("|", parts);
    }
}
