namespace Vnetconf.Netmap;

/// <summary>The adapter a registration obtained and the evidence it was inferred from.</summary>
public sealed record NetmapAdapter(NetmapAdapterKind Kind, string Evidence)
{
    /// <summary>
    /// Infers the adapter from the admode in force at REGISTER and the kernel messages logged meanwhile
    /// (<paramref name="kernelMessages"/> is null when the log could not be read).
    /// A message is the stronger evidence: admode is ignored when the interface already had a bound adapter.
    /// </summary>
    public static NetmapAdapter Identify(string interfaceName, NetmapAdapterMode? admode, IReadOnlyList<string>? kernelMessages)
    {
        if (kernelMessages is not null)
        {
            // netmap_generic.c: generic_netmap_register logs this when the emulated adapter is switched on.
            var generic = kernelMessages.FirstOrDefault(m => m.Contains($"Emulated adapter for {interfaceName} activated", StringComparison.Ordinal));
            if (generic is not null) return new(NetmapAdapterKind.Generic, $"kernel log: {generic.Trim()}");
            // LINUX/virtio_netmap.h: the native virtio_net adapter logs its RX buffers when it is switched on.
            var native = kernelMessages.FirstOrDefault(m => m.Contains("inbufs on queue", StringComparison.Ordinal));
            if (native is not null) return new(NetmapAdapterKind.Native, $"kernel log: {native.Trim()}");
        }
        return admode switch
        {
            NetmapAdapterMode.NETMAP_ADMODE_NATIVE => new(NetmapAdapterKind.Native,
                "REGISTER succeeded with admode=1 (native only), unless the interface was already bound by another fd"),
            NetmapAdapterMode.NETMAP_ADMODE_GENERIC => new(NetmapAdapterKind.Generic,
                "REGISTER succeeded with admode=2 (generic only), unless the interface was already bound by another fd"),
            _ => new(NetmapAdapterKind.Unknown, kernelMessages is null
                ? "admode=0 (best) and the kernel log was not readable"
                : "admode=0 (best) and the kernel logged neither adapter's activation (already bound, or netmap's messages changed)"),
        };
    }
}
