namespace Vnetconf.Netmap;

/// <summary>Which adapter a registration obtained; the API does not say, so it is inferred (see <see cref="NetmapAdapter"/>).</summary>
public enum NetmapAdapterKind
{
    /// <summary>Neither admode nor the kernel log settled it.</summary>
    Unknown,
    /// <summary>The driver's own netmap adapter (e.g. netmap's patched virtio_net).</summary>
    Native,
    /// <summary>netmap's emulated adapter over the unmodified driver.</summary>
    Generic,
}
