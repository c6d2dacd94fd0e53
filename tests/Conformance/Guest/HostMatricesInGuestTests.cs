using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Cli;
using Vnetconf.Conformance.Support;
using Vnetconf.Guest;
using Vnetconf.Reporting;
using Vnetconf.Scenarios;

namespace Vnetconf.Conformance.Guest;

/// <summary>
/// A kernel under test without rebooting the host: with --kernel, `vnetconf run` runs the host matrices inside a guest
/// booted on that kernel, with the same catalogue and probes, judged for that kernel's version.
/// </summary>
[Category("Guest")]
[NonParallelizable]
public sealed class HostMatricesInGuestTests
{
    [Test]
    public void The_host_matrices_run_in_a_guest_on_the_kernel_named_and_are_judged_for_its_version()
    {
        GuestEnvironment.Require();
        // Debian 13's 6.12: its host matrices behave as this catalogue documents (older kernels differ, see docs/VERSIONS.md).
        GuestPlatform trixie;
        try
        {
            trixie = GuestPlatform.Prepare(GuestSettings.FromEnvironment() with { Kernel = new KernelSpec.Debian(DebianRelease.Trixie) });
        }
        catch (GuestPlatformUnavailableException e)
        {
            Assert.Ignore($"Debian 13's guest kernel is unavailable: {e.Message} (setup/guest-fixtures caches it)");
            return;
        }
        var directory = Directory.CreateTempSubdirectory("vnetconf-host-in-guest-").FullName;
        try
        {
            string[] categories = [HostMatrix.ReadPath, HostMatrix.Hostile];
            using var run = CliProcess.Run(Path.Combine(directory, "out"), null,
                ["--kernel", DebianRelease.Trixie.Suite, "--qemu", "host", .. categories.SelectMany(c => new[] { "-c", c })]);
            var (exit, output, error) = run.WaitForExit(TimeSpan.FromMinutes(10));

            var results = run.Results();
            results.Environment[EnvironmentKeys.HostMatricesRanOn].Should().Contain("a guest on the kernel under test");
            results.Environment[EnvironmentKeys.GuestKernel].Should().StartWith(trixie.Image.Kernel.Release);
            var guestKernel = KernelVersion.Parse(trixie.Image.Kernel.Release);
            results.Cells.Select(c => c.Id).Should().BeEquivalentTo(
                HostMatrix.Cells(guestKernel).Where(c => categories.Contains(c.Category)).Select(c => c.Id),
                "every host cell of the guest kernel's catalogue ran, and none of the live host's");
            results.Cells.Should().OnlyContain(c => c.Verdict == CellResult.AsDocumented, "the guest kernel behaves as documented for its version: {0}{1}", output, error);
            exit.Should().Be(ExitCodes.Ok);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
