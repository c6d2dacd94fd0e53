using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Scenarios;

namespace Vnetconf.Harness.Tests.Scenarios;

public sealed class KernelVersionTests
{
    [TestCase("6.1.0-27-cloud-amd64", 6, 1, 0)]
    [TestCase("6.12.48+deb13-cloud-amd64", 6, 12, 48)]
    [TestCase("6.18.44-fc-v669", 6, 18, 44)]
    [TestCase("6.17-rc3", 6, 17, 0)]
    public void Parses_the_leading_version_of_a_release_string(string release, int major, int minor, int patch) =>
        KernelVersion.Parse(release).Should().Be(new KernelVersion(major, minor, patch));

    [Test]
    public void Orders_numerically_not_as_text()
    {
        (new KernelVersion(6, 12, 0) > new KernelVersion(6, 2, 0)).Should().BeTrue();
        (new KernelVersion(6, 1, 99) < new KernelVersion(6, 2, 0)).Should().BeTrue();
    }

    [Test]
    public void Refuses_what_is_not_a_release() =>
        FluentActions.Invoking(() => KernelVersion.Parse("linux")).Should().Throw<FormatException>().WithMessage("*linux*");
}
