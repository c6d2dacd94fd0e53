using System.Globalization;
using System.Text.RegularExpressions;

namespace Vnetconf.Guest;

/// <summary>
/// A QEMU release as its <c>--version</c> banner states it ("QEMU emulator version 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18)"):
/// the features QEMU offers a guest depend on it (USO since 8.1), and results record the whole banner line.
/// </summary>
public sealed partial record QemuVersion(int Major, int Minor, int Patch, string Banner)
{
    /// <summary>QEMU 8.1 added host_uso/guest_uso4/guest_uso6 (hw/net/virtio-net.c, hw_compat_8_0 turns them off for older machines).</summary>
    public static readonly QemuVersion UsoSince = new(8, 1, 0, "8.1.0");

    /// <summary>
    /// QEMU 10.2 offers the UDP-tunnel GSO bits 65–68 by default: the properties host_tunnel, host_tunnel_csum, guest_tunnel,
    /// guest_tunnel_csum came with the series "virtio: introduce support for GSO over UDP tunnel" (posted until September
    /// 2025, after 10.1.0) and were turned on by "virtio-net: Advertise UDP tunnel GSO support by default" (pulled November
    /// 2025), whose hw_compat_10_1 entries keep them off for machine types up to 10.1 (hw/core/machine.c). QEMU 11.1.3
    /// shows them off on pc-i440fx-10.1 and on from pc-i440fx-10.2 (checked with `info qtree`); 10.0.13 has no such property.
    /// </summary>
    public static readonly QemuVersion UdpTunnelSince = new(10, 2, 0, "10.2.0");

    /// <exception cref="FormatException">no "version X.Y[.Z]" in the banner</exception>
    public static QemuVersion Parse(string banner)
    {
        var firstLine = banner.Split('\n')[0].Trim();
        var match = VersionPattern().Match(firstLine);
        if (!match.Success) throw new FormatException($"no QEMU version in '{firstLine}'");
        int Part(int i) => match.Groups[i].Success ? int.Parse(match.Groups[i].Value, CultureInfo.InvariantCulture) : 0;
        return new QemuVersion(Part(1), Part(2), Part(3), firstLine);
    }

    /// <summary>
    /// The lab's command line needs <c>-nic none</c>, which QEMU 2.12 introduced (qemu-options.hx: -nic); an older QEMU
    /// would refuse every guest, so it is refused up front.
    /// </summary>
    public static readonly QemuVersion LabMinimum = new(2, 12, 0, "2.12.0");

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<QemuVersion>> Asked = new(StringComparer.Ordinal);

    /// <summary>The version of the QEMU on this host's PATH (asked once per process).</summary>
    public static QemuVersion Host => Of(QemuArguments.Binary);

    /// <summary>The version of the qemu-system-x86_64 <paramref name="binary"/> (a name on PATH or a path), asked once per process.</summary>
    /// <exception cref="InvalidOperationException">it does not run, or fails</exception>
    /// <exception cref="FormatException">it ran but named no QEMU version</exception>
    public static QemuVersion Of(string binary) =>
        Asked.GetOrAdd(binary, b => new Lazy<QemuVersion>(() => Parse(ExternalCommand.Run(b, ["--version"], TimeSpan.FromSeconds(10)).OutputText))).Value;

    public bool AtLeast(QemuVersion other) => (Major, Minor, Patch).CompareTo((other.Major, other.Minor, other.Patch)) >= 0;

    public override string ToString() => $"{Major}.{Minor}.{Patch}";

    [GeneratedRegex(@"version (\d+)\.(\d+)(?:\.(\d+))?")]
    private static partial Regex VersionPattern();
}
