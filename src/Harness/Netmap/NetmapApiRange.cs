namespace Vnetconf.Netmap;

/// <summary>
/// The nr_version values a loaded netmap accepts: its NETMAP_MIN_API..NETMAP_MAX_API (sys/net/netmap.h). netmap has
/// no request that reports its NETMAP_API, so this range is what identifies the API a module answers with.
/// </summary>
public sealed record NetmapApiRange(int Lowest, int Highest)
{
    public override string ToString() => Lowest == Highest ? $"{Lowest}" : $"{Lowest}-{Highest}";
}
