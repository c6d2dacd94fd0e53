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

    /// <exception cref="FormatException">no "version X.Y[.Z]" in the banner</exception>
    public static QemuVersion Parse(string banner)
    {
        var firstLine = banner.Split('\n')[0].Trim();
        var match = VersionPattern().Match(firstLine);
        if (!match.Success) throw new FormatException($"no QEMU version in '{firstLine}'");
        int Part(int i) => match.Groups[i].Success ? int.Parse(match.Groups[i].Value, CultureInfo.InvariantCulture) : 0;
        return new QemuVersion(Part(1), Part(2), Part(3), firstLine);
    }

    private static readonly Lazy<QemuVersion> HostVersion = new(() =>
        Parse(ExternalCommand.Run(QemuArguments.Binary, ["--version"], TimeSpan.FromSeconds(10)).OutputText));

    /// <summary>The version of the QEMU on this host's PATH (asked once per process).</summary>
    public static QemuVersion Host => HostVersion.Value;

    public bool AtLeast(QemuVersion other) => (Major, Minor, Patch).CompareTo((other.Major, other.Minor, other.Patch)) >= 0;

    public override string ToString() => $"{Major}.{Minor}.{Patch}";

    [GeneratedRegex(@"version (\d+)\.(\d+)(?:\.(\d+))?")]
    private static partial Regex VersionPattern();
}
