using System.Diagnostics;
using NUnit.Framework;
using Vnetconf.Container;
using Vnetconf.Guest;
using Vnetconf.Model;
using Vnetconf.Perf.Reporting;
using Vnetconf.Reporting;
using Vnetconf.Scenarios;

namespace Vnetconf.Perf;

/// <summary>
/// The suite's own pace, as its users wait for it: the wall time of `vnetconf run` as the README runs it (the host
/// matrices and every default QEMU stack) and of the host-only run, each category's cells per second (from the cells'
/// own times in the default run's results), and a TCG guest's boot per kernel — on the default kernel with the suite's
/// CPU (qemu64 with RDRAND) against QEMU's default CPU, the comparison the profile bounds. Trials interleave (odd ones
/// backwards), so a busy host's drift falls on every row alike; the named profile's ceilings are the targets.
/// </summary>
[Category("Perf")]
[Category("PerfLong")]
[NonParallelizable]
public sealed class RunPaceTests
{
    private static readonly string[] HostOnly = ["-c", HostMatrix.ReadPath, "-c", HostMatrix.WritePath, "-c", HostMatrix.Hostile];

    private ThroughputProfile profile = null!;
    private Measurement defaultRun = null!;
    private Measurement hostOnlyRun = null!;
    private Comparison boot = null!;
    private readonly List<Measurement> figures = [];

    [OneTimeSetUp]
    public void MeasureInterleavedTrials()
    {
        profile = ThroughputProfile.Load();
        var platform = PerfPrerequisites.RequireGuestPlatform();
        if (ContainerEngine.Available.Gap is { } engineGap)
            Assert.Ignore($"the default run includes the container QEMU's stack: {engineGap}");
        var ceilings = profile.Ceilings;
        defaultRun = new Measurement("`vnetconf run` (host matrices, both QEMU stacks), wall time", Quantity.Duration, ceiling: ceilings?.DefaultRunSeconds);
        hostOnlyRun = new Measurement($"`vnetconf run {string.Join(' ', HostOnly)}`, wall time", Quantity.Duration, ceiling: ceilings?.HostOnlyRunSeconds);
        var release = platform.Image.Kernel.Release;
        boot = new Comparison($"TCG boot of {release}: QEMU's default CPU vs the suite's",
            new Measurement($"boot of {release}, QEMU's default CPU (qemu64)", Quantity.Duration),
            new Measurement($"boot of {release}, the suite's CPU ({QemuArguments.CpuModel})", Quantity.Duration, ceiling: ceilings?.BootSeconds),
            profile.DefaultCpuBootOverSuiteCpuAtLeast);
        var other = OtherKernel(platform);
        var otherBoot = other is null ? null : new Measurement($"boot of {other.Image.Kernel.Release}, the suite's CPU", Quantity.Duration);
        var cellRates = new SortedDictionary<string, Measurement>(StringComparer.Ordinal);

        var output = Directory.CreateTempSubdirectory("vnetconf-pace-").FullName;
        var defaultCpu = new QemuSpec.Binary(Path.Combine(TestContext.CurrentContext.TestDirectory, "Peers", "qemu-default-cpu"), null);
        var clock = Stopwatch.StartNew();
        try
        {
            Interleave(profile.RunTrials,
                () => defaultRun.Add(Run(Path.Combine(output, "default"), [], cellRates)),
                () => hostOnlyRun.Add(Run(Path.Combine(output, "host-only"), HostOnly, null)));
            Interleave(profile.BootTrials, [
                () => boot.Reference.Add(Boot(platform, qemu: null)),
                () => boot.Subject.Add(Boot(platform, defaultCpu)),
                .. other is null ? Array.Empty<Action>() : [() => otherBoot!.Add(Boot(other, qemu: null))]]);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
        figures.AddRange([defaultRun, hostOnlyRun, .. otherBoot is null ? Array.Empty<Measurement>() : [otherBoot], .. cellRates.Values]);

        PerfRun.Record(new PerfSection("The suite's own pace",
            $"profile '{profile.Name}', {profile.RunTrials} interleaved trials of each run and {profile.BootTrials} of each boot, {Environment.ProcessorCount} CPUs, host kernel {KernelVersion.RunningRelease}, " +
            $"guests under {platform.Acceleration.Accelerator}; a run's wall time is the CLI process's, from start to exit (the build is not included: the tests ran it); " +
            $"a category's cells/s is its cells over the sum of their own times in the default run's first stack (a guest's boot is not a cell's); " +
            $"a boot runs from QEMU's start to the agent's first answer (measured in {clock.Elapsed.TotalSeconds:F0} s)",
            [boot], figures));
    }

    [Test]
    public void A_TCG_boot_with_the_suites_CPU_takes_at_most_1_over_k_of_one_with_QEMUs_default_CPU() =>
        PerfBounds.AssertRatio(profile, boot, profile.BootTrials);

    [Test]
    public void The_run_and_boot_times_stay_under_the_named_profiles_ceilings() =>
        PerfBounds.AssertCeilings(profile, [defaultRun, hostOnlyRun, boot.Reference]);

    /// <summary>Runs every row <paramref name="trials"/> times, odd trials backwards, so no row always goes first.</summary>
    private static void Interleave(int trials, params Action[] rows)
    {
        for (var i = 0; i < trials; i++)
            foreach (var row in i % 2 == 0 ? rows : rows.Reverse())
                row();
    }

    /// <summary>One `vnetconf run` with <paramref name="arguments"/>, timed; with <paramref name="cellRates"/>, each category's cells/s of its results.</summary>
    private static ThroughputSample Run(string output, IReadOnlyList<string> arguments, SortedDictionary<string, Measurement>? cellRates)
    {
        var elapsed = CliRun.Timed(output, arguments);
        var results = ResultsJson.Read(Path.Combine(output, "results.json"));
        if (cellRates is not null)
            foreach (var category in results.Cells.Where(c => c.Seconds is not null).GroupBy(c => c.Category))
            {
                if (!cellRates.TryGetValue(category.Key, out var rate))
                    cellRates[category.Key] = rate = new Measurement($"{category.Key}: {category.Count()} cells", Quantity.CellRate);
                rate.Add(new ThroughputSample(category.Count(), category.Count(), TimeSpan.FromSeconds(category.Sum(c => c.Seconds!.Value))));
            }
        Directory.Delete(output, recursive: true);
        return new ThroughputSample(1, 1, elapsed);
    }

    /// <summary>One lab guest of <paramref name="platform"/>, as the cells boot it, with the suite's QEMU command line run by <paramref name="qemu"/> (null: the host's QEMU).</summary>
    private static ThroughputSample Boot(GuestPlatform platform, QemuSpec.Binary? qemu)
    {
        using var guest = GuestLab.Boot(platform, vnetHeader: true, new VirtioNetDeviceOptions(), qemu: qemu);
        return new ThroughputSample(1, 1, guest.BootTime);
    }

    /// <summary>The other Debian release's kernel (13's 6.12 beside 12's 6.1) when it can be prepared, else none: its row is left out, with the reason said.</summary>
    private static GuestPlatform? OtherKernel(GuestPlatform platform)
    {
        var other = PerfPrerequisites.DebianKernel(platform, platform.Settings.OtherDebianRelease);
        if (other.Gap is not { } gap) return other.Value;
        TestContext.Progress.WriteLine($"no boot row: {other.Name}: {gap}");
        return null;
    }
}
