using Vnetconf.Interop;
using Vnetconf.Links;
using Vnetconf.Model;

namespace Vnetconf.Scenarios;

/// <summary>
/// Which TUNSETOFFLOAD arguments the kernel accepts: a model of drivers/net/tun.c:set_offload, written from the
/// source and checked against the live kernel over every combination of bits.
/// </summary>
internal static class TunOffloadRules
{
    private const string Source = "drivers/net/tun.c: set_offload";

    /// <summary>All bits a TUNSETOFFLOAD argument can name on some kernel.</summary>
    public const TunOffloads AllKnown = (TunOffloads)0x1ff;

    public static Expected<bool> Accepts(TunOffloads offloads, KernelVersion kernel)
    {
        var left = Claim(offloads, kernel, features: []);
        if (left == TunOffloads.None)
            return new(true, "every bit is claimed: TSO4/TSO6 (ECN with them), UFO, USO4+USO6 and the tunnel bits only inside CSUM", Source);
        return new(false, $"bits left unclaimed ({Describe(left)}) make it return EINVAL: {WhyUnclaimed(left, offloads, kernel)}", Source);
    }

    /// <summary>
    /// The TAP's ethtool features once TUNSETOFFLOAD of <paramref name="offloads"/> returns (<see cref="TapOffloadFeatures"/>,
    /// in their order): set_offload's feature for each bit it claims, or none when it refuses the argument, since it
    /// returns EINVAL before it updates the device (a fresh TAP then keeps none).
    /// </summary>
    public static IReadOnlyList<string> Features(TunOffloads offloads, KernelVersion kernel)
    {
        var features = new List<string>();
        return Claim(offloads, kernel, features) == TunOffloads.None ? features : [];
    }

    /// <summary>
    /// set_offload's walk over the argument: the bits it claims, each adding its feature to <paramref name="features"/>
    /// (UFO has none); returns the bits left unclaimed, which make the call fail.
    /// </summary>
    private static TunOffloads Claim(TunOffloads offloads, KernelVersion kernel, List<string> features)
    {
        var left = offloads;
        if (left.HasFlag(TunOffloads.TUN_F_CSUM))
        {
            left &= ~TunOffloads.TUN_F_CSUM;
            features.Add(TapOffloadFeatures.Checksum);
            var tso = TunOffloads.TUN_F_TSO4 | TunOffloads.TUN_F_TSO6;
            var segments = false;
            if ((left & tso) != 0)
            {
                if (left.HasFlag(TunOffloads.TUN_F_TSO4)) features.Add(TapOffloadFeatures.Tso4);
                if (left.HasFlag(TunOffloads.TUN_F_TSO6)) features.Add(TapOffloadFeatures.Tso6);
                if (left.HasFlag(TunOffloads.TUN_F_TSO_ECN)) features.Add(TapOffloadFeatures.TsoEcn);
                left &= ~(tso | TunOffloads.TUN_F_TSO_ECN);
                segments = true;
            }
            left &= ~TunOffloads.TUN_F_UFO;
            var uso = TunOffloads.TUN_F_USO4 | TunOffloads.TUN_F_USO6;
            if (KernelChanges.Uso.IsIn(kernel) && (left & uso) == uso)
            {
                left &= ~uso;
                features.Add(TapOffloadFeatures.Uso);
                segments = true;
            }
            // The outer-checksum variant rides on the tunnel bit: GSO_CSUM alone stays unclaimed.
            if (KernelChanges.UdpTunnelGso.IsIn(kernel) && segments && left.HasFlag(TunOffloads.TUN_F_UDP_TUNNEL_GSO))
            {
                features.Add(TapOffloadFeatures.UdpTunnel);
                if (left.HasFlag(TunOffloads.TUN_F_UDP_TUNNEL_GSO_CSUM)) features.Add(TapOffloadFeatures.UdpTunnelCsum);
                left &= ~(TunOffloads.TUN_F_UDP_TUNNEL_GSO | TunOffloads.TUN_F_UDP_TUNNEL_GSO_CSUM);
            }
        }
        return left;
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

    /// <summary>
    /// Whether the TAP's offloads also serve an encapsulated skb (a VXLAN packet of the host's own): tun_net_init sets
    /// hw_enc_features = hw_features since the UDP-tunnel series; before, it set none, so the stack completed the inner
    /// checksum of every encapsulated skb before the TAP.
    /// </summary>
    public static Expected<bool> KeepsEncapsulatedOffloads(KernelVersion kernel) =>
        new(KernelChanges.UdpTunnelGso.IsIn(kernel),
            KernelChanges.UdpTunnelGso.IsIn(kernel) ? "tun's hw_enc_features (all its hw_features) let an encapsulated skb keep the TAP's offloads"
                                                     : "tun has no hw_enc_features, so an encapsulated skb may offload nothing to the TAP",
            "drivers/net/tun.c: tun_net_init (hw_enc_features); net/core/dev.c: netif_skb_features (features &= hw_enc_features)",
            KernelChanges.UdpTunnelGso.SideOf(kernel));

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
