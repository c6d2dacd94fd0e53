using System.Globalization;
using System.Text.RegularExpressions;
using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Cli;
using Vnetconf.Conformance.Support;
using Vnetconf.Container;
using Vnetconf.Guest;
using Vnetconf.Model;
using Vnetconf.Reporting;
using Vnetconf.Scenarios;
using Vnetconf.TestSupport;

namespace Vnetconf.Conformance.Faults;

/// <summary>
/// Faults injected into a real `vnetconf run` while it runs: each must cost only the cells of what broke (reported as
/// errors with the evidence), the other cells must still run, the exit code must say so, and nothing may be left on the host.
/// </summary>
[Category("Guest")]
[NonParallelizable]
public sealed class FaultInjectionTests
{
    private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(8);
    private string directory = null!;
    private HostSnapshot before = null!;

    [SetUp]
    public void Prepare()
    {
        GuestEnvironment.Require(); // the guest kernel and image are cached, so the run's own preparation is quick
        directory = Directory.CreateTempSubdirectory("vnetconf-faults-").FullName;
        before = HostSnapshot.Take();
    }

    [TearDown]
    public void CheckNothingIsLeft()
    {
        Directory.Delete(directory, recursive: true);
        HostSnapshot.Take().Should().Be(before, "a run that met a fault leaves the host as it found it");
        Directory.EnumerateDirectories(Path.GetTempPath(), "vnetconf-qemu-*")
            .Where(d => File.Exists(Path.Combine(d, "owner.pid")) && !Directory.Exists($"/proc/{File.ReadAllText(Path.Combine(d, "owner.pid"))}"))
            .Should().BeEmpty("no run directory of a finished run stays");
    }

    [Test]
    public void QEMU_killed_mid_run_fails_only_its_guests_cells_with_its_exit_status()
    {
        using var run = CliProcess.Run(Path.Combine(directory, "out"), null,
            "-c", HostMatrix.ReadPath, "-c", GuestNegotiationCatalogue.Category, "-c", GuestMatrix.Transmit, "--qemu", "host");
        var first = WaitForFirstGuestTraffic(run);

        Signal("KILL", first);
        var (exit, _, error) = run.WaitForExit(RunLimit);

        exit.Should().Be(ExitCodes.BehaviourDiffers, "cells ended in errors: {0}", error);
        var results = run.Results();
        var errors = results.Cells.Where(c => c.Error is not null).ToArray();
        errors.Should().NotBeEmpty();
        errors[0].Error.Should().Contain($"QEMU pid {first} has exited with status 137", "the evidence names the killed QEMU and its fate");
        Untouched(results, errors);
    }

    [Test]
    public void An_agent_that_stops_answering_costs_one_timeout_and_its_guests_other_cells_fail_at_once()
    {
        // A short answer deadline: the frozen guest's one wait is these 5 s of silence, whatever the request (the agent
        // says it is working every second), or a far end's 20 s when the guest froze after its traffic left, then these
        // 5 s. (Before a cell that failed on the host's side asked the agent, the far end's wait ended a cell and the
        // next request waited again: two waits, seen once here with this deadline.)
        using var run = CliProcess.Run(Path.Combine(directory, "out"), new Dictionary<string, string> { [AgentClient.TimeoutVariable] = "5" },
            "-c", HostMatrix.ReadPath, "-c", GuestNegotiationCatalogue.Category, "-c", GuestMatrix.Transmit, "--qemu", "host");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var first = WaitForBootedGuest(run);

        Signal("STOP", first); // QEMU frozen: the channel stays open and nothing answers
        var frozenAt = clock.Elapsed;
        var (exit, _, error) = run.WaitForExit(RunLimit);

        exit.Should().Be(ExitCodes.BehaviourDiffers, error);
        var results = run.Results();
        var errors = results.Cells.Where(c => c.Error is not null).ToArray();
        // Where the time went, for a run slower than its one wait explains (the TRX keeps this output).
        TestContext.Out.WriteLine($"QEMU pid {first} frozen {frozenAt.TotalSeconds:0.0} s into the run, which ended after {clock.Elapsed.TotalSeconds:0.0} s");
        foreach (var cell in errors) TestContext.Out.WriteLine($"{cell.Seconds ?? 0,6:0.0} s {cell.Id}: {cell.Error!.Split('\n')[0]}");
        errors.Should().HaveCountGreaterThan(1, "the frozen guest had more cells to run");
        // The frozen guest had booted and been set up (its boot was printed): one cell's request waits for its
        // deadline and the others fail at once.
        const string brokeEarlier = "the channel broke earlier";
        var waits = errors.Where(c => !c.Error!.Contains(brokeEarlier, StringComparison.Ordinal))
            .Select(c => c.Error!).Distinct().ToArray();
        waits.Should().ContainSingle("one request waits for its deadline, the others do not wait again ({0})",
                string.Join(" | ", errors.Select(c => $"{c.Id}: {c.Error!.Split('\n')[0]}")))
            .Which.Should().Contain("no answer to").And.Contain($"QEMU pid {first} is running");
        Untouched(results, errors);
    }

    [Test]
    public void A_corrupt_cached_kernel_fails_the_guest_cells_with_the_evidence_and_the_host_cells_still_run()
    {
        var settings = GuestSettings.FromEnvironment();
        var cache = Path.Combine(directory, "cache");
        CopyGuestCache(settings.CacheDirectory, cache);
        var kernel = GuestEnvironment.Require().Image.Kernel.Image;
        var copy = Path.Combine(cache, Path.GetRelativePath(settings.CacheDirectory, kernel));
        File.Exists(copy).Should().BeTrue("the guest kernel lives in the cache ({0})", kernel);
        using (var file = new FileStream(copy, FileMode.Open)) file.SetLength(1 << 20); // a download cut short

        using var run = CliProcess.Run(Path.Combine(directory, "out"), new Dictionary<string, string> { [GuestSettings.CacheVariable] = cache },
            "-c", HostMatrix.ReadPath, "-c", GuestNegotiationCatalogue.Category, "--qemu", "host");
        var (exit, _, error) = run.WaitForExit(RunLimit);

        exit.Should().Be(ExitCodes.BehaviourDiffers, error);
        var results = run.Results();
        results.Cells.Where(c => c.Category == GuestNegotiationCatalogue.Category).Should().OnlyContain(c => c.Error != null && c.Error.Contains("guest boot failed", StringComparison.Ordinal))
            .And.OnlyContain(c => c.Error!.Contains("has exited with status", StringComparison.Ordinal), "the evidence says QEMU ended");
        results.Cells.Where(c => c.Category == HostMatrix.ReadPath).Should().NotBeEmpty().And.OnlyContain(c => c.Verdict == CellResult.AsDocumented);
    }

    [Test]
    public void A_corrupt_cached_image_panics_the_guest_kernel_and_the_panic_is_the_evidence()
    {
        var settings = GuestSettings.FromEnvironment();
        var cache = Path.Combine(directory, "cache");
        CopyGuestCache(settings.CacheDirectory, cache);
        var image = GuestEnvironment.Require().Image.Initramfs;
        var copy = Path.Combine(cache, Path.GetRelativePath(settings.CacheDirectory, image));
        File.Exists(copy).Should().BeTrue("the guest image lives in the cache ({0})", image);
        using (var file = new FileStream(copy, FileMode.Open)) file.SetLength(file.Length / 2); // no /init survives: the kernel panics

        using var run = CliProcess.Run(Path.Combine(directory, "out"), new Dictionary<string, string> { [GuestSettings.CacheVariable] = cache },
            "-c", HostMatrix.ReadPath, "-c", GuestNegotiationCatalogue.Category, "--qemu", "host");
        var (exit, _, error) = run.WaitForExit(RunLimit);

        exit.Should().Be(ExitCodes.BehaviourDiffers, error);
        var results = run.Results();
        results.Cells.Where(c => c.Category == GuestNegotiationCatalogue.Category).Should().NotBeEmpty()
            .And.OnlyContain(c => c.Error != null && c.Error.Contains("Kernel panic", StringComparison.Ordinal), "the console's panic is the evidence");
        results.Cells.Where(c => c.Category == HostMatrix.ReadPath).Should().NotBeEmpty().And.OnlyContain(c => c.Verdict == CellResult.AsDocumented);
    }

    [Test]
    [Category("Container")]
    public void The_container_engine_stopped_mid_run_fails_only_the_container_stacks_cells()
    {
        Skip.Unless(ContainerEngine.Available);
        const string enginePidFile = "/run/vnetconf-docker.pid"; // where setup/container-fixtures starts dockerd
        if (!File.Exists(enginePidFile)) Assert.Ignore($"no {enginePidFile}: this test stops and restarts only the engine setup/container-fixtures started");
        var output = Path.Combine(directory, "out");
        int runPid;
        try
        {
            using var run = CliProcess.Run(output, null, "-c", GuestNegotiationCatalogue.Category, "-c", GuestMatrix.Transmit, "--qemu", "host", "--qemu", "container");
            runPid = run.Id;
            CliProcess.WaitUntil(() => ContainerStackUnderWay(run.JournalLines()), RunLimit).Should().BeTrue("the run reaches the container stack's traffic cells");

            Signal("TERM", int.Parse(File.ReadAllText(enginePidFile).Trim(), CultureInfo.InvariantCulture));
            var (exit, _, error) = run.WaitForExit(RunLimit);

            exit.Should().Be(ExitCodes.BehaviourDiffers, error);
            run.Results().Cells.Should().NotBeEmpty().And.OnlyContain(c => c.Verdict == CellResult.AsDocumented, "the host QEMU's stack does not need the engine");
            var container = run.Results("qemu-container").Cells;
            container.Should().Contain(c => c.Verdict == CellResult.AsDocumented, "the cells before the engine stopped were judged");
            container.Where(c => c.Error != null).Should().NotBeEmpty("the engine's loss ends the container stack's guests");
        }
        finally
        {
            var restart = System.Diagnostics.Process.Start(Path.Combine(GuestAgentBuild.RepositoryRoot, "setup", "container-fixtures"))!;
            restart.WaitForExit();
            restart.ExitCode.Should().Be(0, "the engine is started again for the tests after this one");
        }
        using var engine = ContainerEngine.Connect();
        engine.SweepStale();
        engine.OwnedBy(runPid).Should().BeEmpty("the dead run's container is swept once the engine is back");
    }

    /// <summary>
    /// Whether the journal shows the second stack (the container's) judging traffic: the first stack (the host QEMU's) runs
    /// one negotiation cell per backend, so a traffic cell after more negotiations than that belongs to the second.
    /// </summary>
    private static bool ContainerStackUnderWay(IReadOnlyList<string> journal)
    {
        var negotiations = 0;
        foreach (var line in journal)
        {
            if (line.Contains($"\"category\":\"{GuestNegotiationCatalogue.Category}\"", StringComparison.Ordinal)) negotiations++;
            else if (negotiations > GuestBackend.All.Count && line.Contains($"\"category\":\"{GuestMatrix.Transmit}\"", StringComparison.Ordinal)) return true;
        }
        return false;
    }

    /// <summary>
    /// Waits for the first guest traffic, then returns a QEMU whose guest has booted: one of the lab guests started so
    /// far, once the run has printed as many boots as there are of them. A guest frozen before its agent's hello costs
    /// the boot's 60 s instead of the agent's deadline (seen in CI: the agent's start line was already on the console),
    /// which is not what the test is about.
    /// </summary>
    private static int WaitForBootedGuest(CliProcess run)
    {
        WaitForFirstGuestTraffic(run);
        var started = new HashSet<int>();
        int[] booted = [];
        CliProcess.WaitUntil(() =>
        {
            var running = run.QemuChildren().Where(CliProcess.HasAgentChannel).ToArray();
            started.UnionWith(running);
            var boots = Regex.Count(run.OutputSoFar(), @"\bbooted\s+in\b");
            booted = boots >= started.Count ? running : [];
            return booted.Length > 0;
        }, RunLimit).Should().BeTrue("the run's guests boot");
        return booted[0];
    }

    /// <summary>
    /// Waits until the run journalled its first guest traffic cell and returns one of the QEMUs running then (the run
    /// keeps a guest per core, so there may be two): the errors name the QEMU that broke, and the cells of every other
    /// guest must be unaffected.
    /// </summary>
    private static int WaitForFirstGuestTraffic(CliProcess run)
    {
        CliProcess.WaitUntil(() => run.JournalLines().Any(l => l.Contains($"\"category\":\"{GuestMatrix.Transmit}\"", StringComparison.Ordinal)), RunLimit)
            .Should().BeTrue("the run reaches the guest cells");
        var qemu = run.QemuChildren();
        qemu.Should().NotBeEmpty("a guest is running its cells");
        return qemu[0];
    }

    /// <summary>The host cells, and the guest cells of the backends that did not break, are as documented.</summary>
    private static void Untouched(RunResults results, CellResult[] errors)
    {
        results.Cells.Where(c => c.Category == HostMatrix.ReadPath).Should().NotBeEmpty().And.OnlyContain(c => c.Verdict == CellResult.AsDocumented);
        var broken = BackendOf(errors[0].Id);
        errors.Should().OnlyContain(c => BackendOf(c.Id) == broken, "only the broken guest's cells fail");
        results.Cells.Where(c => c.Category != HostMatrix.ReadPath && BackendOf(c.Id) != broken)
            .Should().NotBeEmpty("the other backends' guests still boot and run").And.OnlyContain(c => c.Verdict == CellResult.AsDocumented);
    }

    /// <summary>The backend a guest cell ran on: its id holds the backend's id as a whole dot-separated part.</summary>
    private static GuestBackend BackendOf(string cellId) =>
        GuestBackend.All.Single(b => cellId.Contains($".{b.Id}.", StringComparison.Ordinal) || cellId.EndsWith($".{b.Id}", StringComparison.Ordinal));

    private static void Signal(string signal, int pid) =>
        System.Diagnostics.Process.Start("kill", [$"-{signal}", pid.ToString(CultureInfo.InvariantCulture)]).WaitForExit();

    /// <summary>
    /// Copies into <paramref name="to"/> what a run of the default guest reads from the cache <paramref name="from"/>:
    /// its kernel package, the vmlinux QEMU enters, its image, the guest agent and apt's private configurations (for a
    /// kernel of a release the host's apt lacks), each entry's directory whole. The tests corrupt the copy, never the
    /// shared cache; the rest of the cache (other kernels, their images, the container fixtures) is left out, as copying
    /// all of it took most of these tests' time (2.4 GB here).
    /// </summary>
    private static void CopyGuestCache(string from, string to)
    {
        var image = GuestEnvironment.Require().Image;
        var apt = Path.Combine(from, "apt");
        string[] needed = [image.Kernel.Image, image.BootKernel, image.Initramfs, GuestAgentBuild.Locate(from), .. Directory.Exists(apt) ? [apt] : Array.Empty<string>()];
        var entries = needed
            .Select(path => Path.GetRelativePath(from, path))
            .Where(relative => !relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative))
            .Select(relative => string.Join('/', relative.Split('/').Take(2))) // kernels/PACKAGE, pvh/SHA256, images/SHA256, agent/HASH, apt
            .Distinct();
        foreach (var entry in entries)
        {
            var target = Path.Combine(to, entry);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            using var copy = System.Diagnostics.Process.Start("cp", ["-a", Path.Combine(from, entry), target]);
            copy.WaitForExit();
            copy.ExitCode.Should().Be(0, "{0} is copied into the test's cache", entry);
        }
    }
}
