using System.Globalization;
using System.Text.RegularExpressions;
using Vnetconf.Scenarios;

namespace Vnetconf.Guest;

/// <summary>
/// When a guest negotiates UDP segmentation offload (GUEST_USO4, GUEST_USO6, HOST_USO), which QEMU 10 offers and
/// QEMU 7.2 does not. A bit is negotiated when the device offers it and the driver knows it (drivers/virtio/virtio.c:
/// virtio_dev_probe keeps the intersection), so every condition below must hold.
/// </summary>
public static partial class UsoNegotiation
{
    public static readonly VirtioFeatureSet Bits = VirtioFeatureSet.Of(VirtioNetFeature.GUEST_USO4, VirtioNetFeature.GUEST_USO6, VirtioNetFeature.HOST_USO);

    /// <summary>QEMU 8.1 added the host_uso/guest_uso4/guest_uso6 properties, on by default for current machine types (hw/net/virtio-net.c).</summary>
    public static readonly Version QemuSince = new(8, 1);

    /// <summary>
    /// Linux 6.2 taught tun TUN_F_USO4/USO6 (drivers/net/tun.c: set_offload), which QEMU probes on the host's TAP
    /// (net/tap-linux.c: tap_probe_has_uso), and taught virtio_net all three bits (drivers/net/virtio_net.c: features
    /// table and guest_offloads[], "Added USO support", 418044e1de30).
    /// </summary>
    public static readonly KernelVersion KernelSince = new(6, 2, 0);

    /// <summary>The USO bits the guest negotiates, and why.</summary>
    public static (VirtioFeatureSet Expected, string Reason) Expect(Version qemu, KernelVersion hostKernel, KernelVersion guestKernel, bool vnetHeader)
    {
        if (!vnetHeader) return (default, "no vnet header on the TAP: virtio_net_get_features clears every offload, USO included");
        if (qemu < QemuSince) return (default, $"QEMU {qemu} predates USO ({QemuSince})");
        if (hostKernel < KernelSince) return (default, $"the host's tun ({hostKernel}) lacks TUN_F_USO4/6 (since {KernelSince}), so QEMU's peer_has_uso is false and it withholds them");
        if (guestKernel < KernelSince) return (default, $"the guest's virtio_net ({guestKernel}) does not know the USO bits (since {KernelSince}), so it acks none of them");
        return (Bits, $"QEMU {qemu} ≥ {QemuSince} offers them on a TAP whose kernel ({hostKernel}) has TUN_F_USO4/6, and the guest's virtio_net ({guestKernel}) knows them");
    }

    /// <summary>The version in <c>qemu-system-x86_64 --version</c>'s first line ("QEMU emulator version 10.0.13 (Debian …)").</summary>
    public static Version ParseQemuVersion(string versionLine)
    {
        var match = QemuVersionPattern().Match(versionLine);
        return match.Success
            ? new Version(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture),
                int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture))
            : throw new FormatException($"'{versionLine}' is not QEMU's version line");
    }

    [GeneratedRegex(@"QEMU emulator version (\d+)\.(\d+)\.(\d+)")]
    private static partial Regex QemuVersionPattern();
}
