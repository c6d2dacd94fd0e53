using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Cli;
using Vnetconf.Conformance.Support;
using Vnetconf.Guest;
using Vnetconf.Model;
using Vnetconf.Reporting;
using Vnetconf.Scenarios;
using Vnetconf.TestSupport;

namespace Vnetconf.Conformance.Guest;

/// <summary>
/// A kernel under test without rebooting the host: with --kernel, `vnetconf run` runs the host matrices inside a guest
/// booted on that kernel, with the same catalogue and probes, judged for that kernel's version.
/// </summary>
[Category("Guest")]
[NonParallelizable]
public sealed class HostMatricesInGuestTests
{
    /// <summary>The Debian kernels whose host matrices differ from the newest in ways the catalogue keys by version.</summary>
    private static readonly string[] Suites = [DebianRelease.Bullseye.Suite, DebianRelease.Bookworm.Suite, DebianRelease.Trixie.Suite];

    [TestCaseSource(nameof(Suites))]
    public void The_host_matrices_run_in_a_guest_on_the_kernel_named_and_are_judged_for_its_version(string suite) =>
        RunInGuest(suite, Suites, [HostMatrix.ReadPath, HostMatrix.WritePath, HostMatrix.Hostile], (results, guestKernel) =>
        {
            // Judged for its own version: the aspects a kernel change altered say which side of it this kernel is on.
            var sides = results.Cells.SelectMany(c => c.Aspects).Select(a => a.HoldsFor).OfType<string>().Distinct().ToArray();
            sides.Should().Contain(KernelChanges.CsumStartPastNetworkHeader.SideOf(guestKernel))
                .And.Contain(KernelChanges.UdpGsoWithoutChecksumOffload.SideOf(guestKernel));
        });

    /// <summary>The kernels the header corpus runs on in a guest: the newest, and Debian 12's 6.1, which predates four changes the model keys.</summary>
    private static readonly string[] CorpusSuites = [DebianRelease.TrixieBackports.Suite, DebianRelease.Bookworm.Suite];

    /// <summary>
    /// The header corpus in a guest: all 10,000 cases judged for the guest kernel, each lab's block of 1000 run once by
    /// the agent for all 16 of its cells (so every cell of a lab carries the same run line). The corpus model keys each
    /// rule a kernel change altered by version (KernelChanges: TunHdrLenAfterParsedHeader, CsumStartPastNetworkHeader,
    /// TcpGsoChecksumOffset, Uso, UdpTunnelGso), so 6.1 is judged as documented for its version as 7.3 is for its own.
    /// Under TCG on the 2-core reference machine the 7.3 case took 36 s and 43 s (boot included), so it is part of the
    /// default run.
    /// </summary>
    [TestCaseSource(nameof(CorpusSuites))]
    public void The_header_corpus_runs_in_a_guest_once_per_lab_and_is_judged_for_its_kernel(string suite) =>
        RunInGuest(suite, CorpusSuites, [HostMatrix.Corpus], (results, _) =>
        {
            var cells = results.Cells.Where(c => c.Category == HostMatrix.Corpus).ToArray();
            cells.Should().HaveCount(HeaderCorpus.Labs.Count * HeaderCorpus.GsoClasses.Count);
            foreach (var lab in HeaderCorpus.Labs)
                cells.Where(c => c.Id.StartsWith($"{HostMatrix.Corpus}.{lab.Id}.", StringComparison.Ordinal)).Select(c => c.Notes[0]).Distinct()
                    .Should().ContainSingle("the lab's block ran once in the guest and served all its cells: {0}", lab)
                    .Which.Should().Contain($"{HeaderCorpus.DefaultCasesPerLab} cases in");
        });

    /// <summary>
    /// The run of <paramref name="categories"/> on every kernel of <paramref name="suites"/> that can be had, started by
    /// the first of their cases and shared by the rest: one `vnetconf run` with a --kernel per suite, whose stacks'
    /// guests run side by side as a user's run of several kernels does (about half the time of a run per kernel here).
    /// </summary>
    private SharedRun Shared(string[] suites, string[] categories)
    {
        var key = string.Join(' ', categories);
        if (!runs.TryGetValue(key, out var run))
            runs[key] = run = new SharedRun(directory, suites.Where(s => Platform(s).Gap is null).ToArray(), categories);
        return run;
    }

    private readonly Dictionary<string, SharedRun> runs = [];
    private readonly string directory = Directory.CreateTempSubdirectory("vnetconf-host-in-guest-").FullName;

    [OneTimeTearDown]
    public void RemoveOutputs() => Directory.Delete(directory, recursive: true);

    private static Requirement<GuestPlatform> Platform(string suite) =>
        GuestPlatform.For(GuestSettings.FromEnvironment() with { Kernel = new KernelSpec.Debian(DebianRelease.Parse(suite)) });

    /// <summary>The cells of <paramref name="categories"/> on <paramref name="suite"/>'s kernel, from the run shared by every kernel of <paramref name="suites"/>.</summary>
    private void RunInGuest(string suite, string[] suites, string[] categories, Action<RunResults, KernelVersion> alsoHolds)
    {
        GuestEnvironment.Require();
        // Prepared here (setup/guest-fixtures caches the default kernel; the others come from the Debian mirror on first use), so a kernel
        // that cannot be had is a skip with its reason, not a failed run.
        var platform = Skip.Unless(Platform(suite));
        var run = Shared(suites, categories);
        var results = run.Stacks.Single(r => r.Environment[EnvironmentKeys.GuestKernel].StartsWith(platform.Image.Kernel.Release, StringComparison.Ordinal));

        results.Environment[EnvironmentKeys.HostMatricesRanOn].Should().Contain("a guest on the kernel under test");
        var guestKernel = KernelVersion.Parse(platform.Image.Kernel.Release);
        results.Cells.Select(c => c.Id).Should().BeEquivalentTo(
            HostMatrix.Cells(guestKernel).Where(c => categories.Contains(c.Category)).Select(c => c.Id),
            "every host cell of the guest kernel's catalogue ran, and none of the live host's");
        var deviating = results.Cells.Where(c => c.Verdict != CellResult.AsDocumented)
            .Select(c => $"{c.Id}: {c.Error ?? string.Join("; ", c.Aspects.Where(a => !a.AsDocumented).Select(a => $"{a.Name} observed {a.Observed}, documented {a.ExpectedForVersions}"))}");
        deviating.Should().BeEmpty("the guest kernel behaves as documented for its version ({0}): {1}", guestKernel, run.Error);
        alsoHolds(results, guestKernel);
        var allAsDocumented = run.Stacks.All(r => r.Cells.All(c => c.Verdict == CellResult.AsDocumented));
        run.Exit.Should().Be(allAsDocumented ? ExitCodes.Ok : ExitCodes.BehaviourDiffers, "the exit code says whether any stack deviated: {0}", run.Output);
    }

    /// <summary>One `vnetconf run` of some categories with a --kernel per suite, on the host's QEMU, run to its end on creation.</summary>
    private sealed class SharedRun
    {
        /// <summary>Runs <paramref name="categories"/> on the kernels of <paramref name="suites"/>, writing under <paramref name="parent"/>.</summary>
        public SharedRun(string parent, string[] suites, string[] categories)
        {
            var output = Path.Combine(parent, string.Join('-', categories));
            using var run = CliProcess.Run(output, null,
                [.. suites.SelectMany(s => new[] { "--kernel", s }), "--qemu", "host", .. categories.SelectMany(c => new[] { "-c", c })]);
            (Exit, Output, Error) = run.WaitForExit(TimeSpan.FromMinutes(10));
            // The first stack writes into the output directory, each other one into a directory named after it.
            Stacks = [.. Directory.EnumerateFiles(output, "results.json", SearchOption.AllDirectories).Select(ResultsJson.Read)];
        }

        public int Exit { get; }
        public string Output { get; }
        public string Error { get; }
        public IReadOnlyList<RunResults> Stacks { get; }
    }
}
