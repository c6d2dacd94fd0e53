using Vnetconf.Links;
using Vnetconf.Model;

namespace Vnetconf.Scenarios;

/// <summary>
/// The offloads the "NIC" actually has after ethtool was asked for <see cref="NicOptions"/>: the kernel's feature
/// dependencies (net/core/dev.c: netdev_fix_features) may turn off more than was asked, e.g. TSO and USO with
/// tx-checksumming. Expectations follow these effective features, not the request.
/// </summary>
public sealed record NicState(bool TxChecksum, bool Tso4, bool Tso6, bool Uso)
{
    public const string ChecksumFeature = "tx-checksum-ip-generic";
    public const string Tso4Feature = "tx-tcp-segmentation";
    public const string Tso6Feature = "tx-tcp6-segmentation";
    public const string UsoFeature = "tx-udp-segmentation";

    public static NicState Read(NetNamespace ns, string nic)
    {
        using var ethtool = Ethtool.Open(ns);
        var features = ethtool.GetFeatures(nic);
        // A feature this kernel does not name (renamed, or not built) must not read as "off": that would make a
        // missing offload look like a switched-off one.
        bool Active(string name) => features.TryGetValue(name, out var state)
            ? state.Active
            : throw new InvalidOperationException($"{nic} in {ns} has no ethtool feature '{name}'; this kernel names them differently");
        return new NicState(Active(ChecksumFeature), Active(Tso4Feature), Active(Tso6Feature), Active(UsoFeature));
    }

    /// <summary>
    /// The offloads a veth NIC on <paramref name="kernel"/> has after ethtool was asked for <paramref name="requested"/>:
    /// tx-checksumming as asked, TSO only with it, and tx-udp-segmentation on by default where veth has it
    /// (<see cref="KernelChanges.SoftwareUso"/>), only with checksum offload since <see cref="KernelChanges.UsoNeedsChecksumOffload"/>.
    /// </summary>
    public static Expected<NicState> ExpectedFor(NicOptions requested, KernelVersion kernel)
    {
        const string source = "net/core/dev.c: netdev_fix_features; drivers/net/veth.c: VETH_FEATURES; include/linux/netdev_features.h: NETIF_F_GSO_SOFTWARE";
        var csum = requested.TxChecksumming;
        var tso = csum && requested.Tso;
        var usoByDefault = KernelChanges.SoftwareUso;
        if (!usoByDefault.IsIn(kernel))
            return new(new NicState(csum, tso, tso, false),
                (csum ? "as asked" : "no checksum offload leaves no TSO") + "; veth has no tx-udp-segmentation yet", source, usoByDefault.SideOf(kernel));
        if (csum) return new(new NicState(true, tso, tso, true), "as asked; tx-udp-segmentation stays on (veth's default)", source, usoByDefault.SideOf(kernel));
        var tied = KernelChanges.UsoNeedsChecksumOffload;
        return tied.IsIn(kernel)
            ? new(new NicState(false, false, false, false), "no checksum offload leaves no TSO and no USO", source, tied.SideOf(kernel))
            : new(new NicState(false, false, false, true), "no checksum offload leaves no TSO, but netdev_fix_features does not yet tie USO to it", source, tied.SideOf(kernel));
    }

    public bool Tso(IpFamily family) => family == IpFamily.IPv4 ? Tso4 : Tso6;

    public override string ToString() =>
        $"{ChecksumFeature} {Contract.OnOff(TxChecksum)}, {Tso4Feature} {Contract.OnOff(Tso4)}, {Tso6Feature} {Contract.OnOff(Tso6)}, {UsoFeature} {Contract.OnOff(Uso)}";
}
