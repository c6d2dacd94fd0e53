using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Guest;

namespace Vnetconf.Harness.Tests.Guest;

public sealed class QemuVersionTests
{
    [TestCase("QEMU emulator version 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18+b3)\nCopyright (c) 2003-2022 Fabrice Bellard", 7, 2, 22)]
    [TestCase("QEMU emulator version 10.0.2 (Debian 1:10.0.2+ds-2)", 10, 0, 2)]
    [TestCase("QEMU emulator version 8.1", 8, 1, 0)]
    public void The_banner_gives_the_version(string banner, int major, int minor, int patch)
    {
        var version = QemuVersion.Parse(banner);
        (version.Major, version.Minor, version.Patch).Should().Be((major, minor, patch));
        version.Banner.Should().Be(banner.Split('\n')[0]);
    }

    [Test]
    public void A_banner_without_a_version_is_a_format_error() =>
        FluentActions.Invoking(() => QemuVersion.Parse("qemu: command not found")).Should().Throw<FormatException>().WithMessage("*qemu: command not found*");

    [TestCase("8.0.5", false)]
    [TestCase("8.1.0", true)]
    [TestCase("10.0.2", true)]
    public void USO_is_offered_from_8_1(string version, bool expected) =>
        QemuVersion.Parse($"QEMU emulator version {version}").AtLeast(QemuVersion.UsoSince).Should().Be(expected);
}
