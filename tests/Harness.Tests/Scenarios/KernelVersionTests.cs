using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Model;
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

    // Build strings as these kernels print them in /proc/sys/kernel/version (Debian 12's and 11's cloud kernels, this host's).
    [TestCase("6.1.0-57-cloud-amd64", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-3 (2026-10-29)", 6, 1, 192)]
    [TestCase("5.10.0-32-cloud-amd64", "#1 SMP Debian 5.10.223-1 (2024-08-10)", 5, 10, 223)]
    [TestCase("6.12.95+deb12-cloud-amd64", "#1 SMP PREEMPT_DYNAMIC Debian 6.12.95-1~bpo12+1 (2026-07-01)", 6, 12, 95)]
    [TestCase("6.18.44-fc-v1252", "#1 SMP Tue Nov 18 00:00:00 UTC 2026", 6, 18, 44)]
    [TestCase("6.1.0-57-cloud-amd64", "#1 SMP Debian 6.2.1-1 (a build string of another series is not believed)", 6, 1, 0)]
    public void A_Debian_kernel_is_its_stable_release_from_the_build_string_not_its_ABI_name(string release, string build, int major, int minor, int patch) =>
        KernelVersion.OfBuild(release, build).Should().Be(new KernelVersion(major, minor, patch));
}
