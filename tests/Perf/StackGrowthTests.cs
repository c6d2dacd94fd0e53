using NUnit.Framework;
using Vnetconf.Guest;
using Vnetconf.Model;
using Vnetconf.Perf.Reporting;
using Vnetconf.Reporting;
using Vnetconf.Scenarios;

namespace Vnetconf.Perf;

/// <summary>
/// How a run's cost grows with its stacks: the guest matrices (host QEMU) on 1, 2, … n kernels in one `vnetconf run`,
/// whose stacks share one pool of guests (one per core), against the same kernels run one after another, each in a run
/// of its own: the cost a user would pay without stacks, measured in the same test. The default run measures two
/// kernels (Debian 12's and 13's); the five-kernel growth is the many-version category (`Versions`), run on request.
/// </summary>
[Category("Perf")]
[Category("PerfLong")]
[NonParallelizable]
public sealed class StackGrowthTests
{
    /// <summary>The kernels in the order stacks are added: the default first, then the newer and older Debian kernels.</summary>
    private static readonly DebianRelease[] Kernels =
        [DebianRelease.Bookworm, DebianRelease.Trixie, DebianRelease.Bullseye, DebianRelease.TrixieBackports, DebianRelease.Sid];

    private static readonly string[] GuestMatrices = ["-c", GuestNegotiationCatalogue.Category, "-c", GuestMatrix.Transmit, "-c", GuestMatrix.Receive];

    [Test]
    public void Two_kernels_as_stacks_of_one_run_cost_at_most_1_over_k_of_two_runs_one_after_another() => Grow(2);

    [Test]
    [Explicit("the many-version category: five kernels, minutes on a 2-core TCG host; run with --filter Category=Versions")]
    [Category("Versions")]
    public void Five_kernels_as_stacks_of_one_run_cost_at_most_1_over_k_of_five_runs_one_after_another() => Grow(5);

    private static void Grow(int stacks)
    {
        var profile = ThroughputProfile.Load();
        var platform = PerfPrerequisites.RequireGuestPlatform();
        var kernels = Kernels.Take(stacks).ToArray();
        foreach (var release in kernels.Skip(1))
            if (PerfPrerequisites.DebianKernel(platform, release) is { Gap: { } gap } kernel)
                Assert.Ignore($"{stacks} stacks cannot run: {kernel.Name}: {gap}");

        var output = Directory.CreateTempSubdirectory("vnetconf-stacks-").FullName;
        var together = new List<Measurement>();
        var apart = TimeSpan.Zero;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            // Alone first, then together with 2..n stacks: each kernel's single run is also the "apart" peer's part.
            foreach (var release in kernels)
                apart += Run(Path.Combine(output, $"alone-{release.Suite}"), [release], together, addRow: release == kernels[0]);
            for (var count = 2; count <= stacks; count++)
                Run(Path.Combine(output, $"together-{count}"), kernels.Take(count).ToArray(), together, addRow: true);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
        var comparison = new Comparison($"{stacks} kernels: one run after another vs stacks of one run",
            new Measurement($"{stacks} runs of one kernel each, one after another (sum of wall times)", Quantity.Duration),
            together.Last(), profile.StacksApartOverTogetherAtLeast);
        comparison.Subject.Add(new ThroughputSample(1, 1, apart));

        PerfRun.Record(new PerfSection("Stacks: how a run's cost grows",
            $"profile '{profile.Name}', the guest matrices on the host's QEMU, kernels {string.Join(", ", kernels.Select(k => k.Suite))} added in that order, " +
            $"guests under {platform.Acceleration.Accelerator}, {Environment.ProcessorCount} CPUs; each run's wall time is the CLI process's; " +
            $"a row's cells and boots are those of every stack of that run (measured in {clock.Elapsed.TotalSeconds:F0} s)",
            [comparison], together));
        PerfBounds.AssertRatio(profile, comparison, trials: 1);
    }

    /// <summary>One run of the guest matrices on <paramref name="kernels"/> (a stack each), timed; its row added to <paramref name="rows"/> when <paramref name="addRow"/>.</summary>
    private static TimeSpan Run(string output, DebianRelease[] kernels, List<Measurement> rows, bool addRow)
    {
        var elapsed = CliRun.Timed(output, ["-q", "host", .. GuestMatrices, .. kernels.SelectMany(k => new[] { "--kernel", k.Suite })]);
        var results = Directory.EnumerateFiles(output, "results.json", SearchOption.AllDirectories).Select(ResultsJson.Read).ToArray();
        var cells = results.Sum(r => r.Cells.Count);
        var boots = results.Sum(r => r.Environment.Keys.Count(EnvironmentKeys.IsGuestBoot));
        if (addRow)
        {
            var row = new Measurement($"one run, {kernels.Length} stack{(kernels.Length == 1 ? "" : "s")} ({cells} cells, {boots} boots)", Quantity.Duration);
            row.Add(new ThroughputSample(cells, cells, elapsed));
            rows.Add(row);
        }
        return elapsed;
    }
}
