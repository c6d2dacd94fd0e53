using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Spectre.Console;
using Vnetconf.Container;
using Vnetconf.Engine;
using Vnetconf.Guest;
using Vnetconf.Model;
using Vnetconf.Packets;
using Vnetconf.Reporting;
using Vnetconf.Scenarios;

namespace Vnetconf.Cli;

/// <summary>
/// `vnetconf run`: runs the matrix cells this host can run — the host matrices, and the guest matrices on each guest
/// stack asked for — with live progress, then writes results.json, report.md, report.html and, for every cell that
/// did not behave as documented, a pcapng of its frames. Several stacks are written side by side and compared
/// (compare.md and compare.html in the output directory).
/// </summary>
public static class RunCommand
{
    public static IReadOnlyList<string> Categories { get; } = [.. HostMatrix.Categories, .. GuestMatrix.Categories, .. NetmapGuestMatrix.Categories];

    public static int Execute(IReadOnlyList<string> categories, string? filter, DirectoryInfo output, IReadOnlyList<string> kernels,
        IReadOnlyList<string> qemuSources, IReadOnlyList<string> netmapModules, CiOutputs ci, bool vhost = false)
    {
        try
        {
            _ = AgentClient.ParseTimeout(Environment.GetEnvironmentVariable(AgentClient.TimeoutVariable));
        }
        catch (InvalidOperationException e)
        {
            return Fail(ExitCodes.BadArguments, e.Message);
        }
        var unknown = categories.Except(Categories).ToArray();
        if (unknown.Length > 0)
            return Fail(ExitCodes.BadArguments, $"unknown category {string.Join(", ", unknown)}; known: {string.Join(", ", Categories)}");
        var qemus = new List<QemuSpec>();
        foreach (var source in qemuSources)
        {
            try
            {
                qemus.Add(QemuSpec.Parse(source));
            }
            catch (ArgumentException e)
            {
                return Fail(ExitCodes.BadArguments, $"--qemu {source}: {e.Message.Split(" (Parameter")[0]} (repeat --qemu for several)");
            }
        }
        var kernelSpecs = new List<KernelSpec>();
        foreach (var spec in kernels)
        {
            try
            {
                kernelSpecs.Add(KernelSpec.Parse(spec));
            }
            catch (ArgumentException e)
            {
                return Fail(ExitCodes.BadArguments, $"--kernel {spec}: {e.Message.Split(" (Parameter")[0]}");
            }
        }
        var explicitCategories = categories.Count > 0;
        var notRunReasons = new List<string>();
        var selected = explicitCategories ? categories : Categories;
        bool Wanted(MatrixCell c) => selected.Contains(c.Category) && (filter is null || c.Id.Contains(filter, StringComparison.OrdinalIgnoreCase));
        var hostBatches = HostMatrix.Cells(KernelVersion.Running).Where(Wanted).GroupBy(c => c.Category)
            .Select(g => new MatrixBatch(g.Key, g.ToArray())).ToArray();
        IReadOnlyList<NetmapGuestModules> netmapBuilds;
        try
        {
            netmapBuilds = NetmapGuestModules.FromOptions(netmapModules);
        }
        catch (ArgumentException e)
        {
            return Fail(ExitCodes.BadArguments, e.Message);
        }
        var namesNetmap = explicitCategories && categories.Intersect(NetmapGuestMatrix.Categories).Any();
        var wantsNetmap = selected.Intersect(NetmapGuestMatrix.Categories).Any();
        var netmapGap = netmapBuilds.Count == 0 ? $"{NetmapGuestModules.NotConfiguredReason}, or pass --netmap-modules {NetmapGuestModules.OptionSyntax}" : null;
        try
        {
            foreach (var build in netmapBuilds) build.CheckFiles();
        }
        catch (InvalidOperationException e)
        {
            netmapGap = e.Message;
        }
        // Every category asked for must have a cell left after --filter: a gate must never pass on a category it filtered away.
        var listed = ListCells();
        // Cells this run cannot run are still listed in the results, skipped with the reason, so CI sees what it did not test.
        CellResult[] SkippedCells(IEnumerable<string> ofCategories, string reason) =>
            [.. listed.Where(c => ofCategories.Contains(c.Category) && Wanted(c)).Select(c => CellResult.FromSkip(c.Id, c.Category, c.Title, reason))];
        CellResult[] netmapSkipped = [];
        if (wantsNetmap && netmapGap is not null)
        {
            if (namesNetmap) return Fail(ExitCodes.MissingPrerequisite, netmapGap);
            AnsiConsole.MarkupLine($"[yellow]netmap categories skipped:[/] {Markup.Escape(netmapGap)}");
            netmapSkipped = SkippedCells(NetmapGuestMatrix.Categories, netmapGap);
            wantsNetmap = false;
        }
        var filteredAway = selected.Where(c => !listed.Any(cell => cell.Category == c && Wanted(cell))).ToArray();
        if (explicitCategories ? filteredAway.Length > 0 : filteredAway.Length == selected.Count)
            return Fail(ExitCodes.BadArguments, $"no cell of {string.Join(", ", filteredAway)} matches --filter '{filter}'");
        // A kernel named with --kernel is under test for the host matrices too: they run in a guest booted on it, with the
        // same catalogue and probes, so a host kernel upgrade is checked without rebooting the host. `host` keeps the live kernel.
        bool HostCellsInGuest(GuestStack stack) => kernelSpecs.Count > 0 && stack.Settings.Kernel is not KernelSpec.Host && hostBatches.Length > 0;
        var wantsGuests = listed.Any(c => GuestMatrix.Categories.Contains(c.Category) && Wanted(c)) || wantsNetmap
                          || (hostBatches.Length > 0 && kernelSpecs.Any(k => k is not KernelSpec.Host));
        if (HostCapabilities.HostLab.Gap is { } hostLabGap) return Fail(ExitCodes.MissingPrerequisite, hostLabGap);
        if (vhost && GuestLab.Vhost.Gap is { } vhostGap) return Fail(ExitCodes.MissingPrerequisite, $"--vhost: {vhostGap}");

        // Stacks only vary the guests: a run of host cells alone is one run, whatever --guest and --qemu say.
        var stacks = GuestStack.Combine(kernelSpecs, !wantsGuests ? [new QemuSpec.Host()] : qemus.Count > 0 ? qemus : DefaultQemus(), wantsNetmap ? netmapBuilds : [],
            wantsGuests && (vhost || (qemus.Count == 0 && DefaultVhost())));
        if (!wantsGuests) stacks = stacks.Take(1).ToArray();
        // Every QEMU is asked for its version before anything is built: one that cannot serve leaves its stacks out
        // (their cells listed as skipped with the reason) and makes the run's exit code 4; when none can, nothing runs.
        var qemuVersions = new Dictionary<QemuSpec, QemuVersion>();
        var qemuGaps = new Dictionary<QemuSpec, string>();
        if (wantsGuests)
        {
            foreach (var qemu in stacks.Select(s => s.Qemu).Distinct())
            {
                try
                {
                    qemuVersions[qemu] = AnsiConsole.Status().Start($"asking {Markup.Escape(qemu.ToString())} for its version…", _ => QemuProbe.Version(qemu));
                }
                catch (QemuUnavailableException e)
                {
                    qemuGaps[qemu] = $"--qemu {QemuArgument(qemu, qemuSources)}: {e.Message}";
                }
            }
            if (qemuVersions.Count == 0)
                return Fail(ExitCodes.MissingPrerequisite, string.Join("; ", qemuGaps.Values));
        }

        if (CheckWritable(output) is { } unwritable) return unwritable;

        var platforms = new Dictionary<GuestStack, GuestPlatform>();
        var unavailable = new Dictionary<GuestStack, string>();
        if (wantsGuests)
        {
            foreach (var stack in stacks)
            {
                if (qemuGaps.TryGetValue(stack.Qemu, out var qemuGap))
                {
                    unavailable[stack] = qemuGap;
                    AnsiConsole.MarkupLine($"[yellow]guest categories skipped for stack {Markup.Escape(stack.Name)}:[/] {Markup.Escape(qemuGap)}");
                    continue;
                }
                // Stacks of one kernel share its preparation (and the accelerator probe) whatever their QEMU: For prepares once per settings.
                var platform = GuestPlatform.For(stack.Settings);
                var platformGap = AnsiConsole.Status().Start($"preparing the guest of stack {stack.Name} (kernel, agent, image, accelerator; cached after the first run)…",
                    _ => platform.Gap);
                if (platformGap is null)
                {
                    platforms[stack] = platform.Value;
                    AnsiConsole.MarkupLine($"stack [bold]{Markup.Escape(stack.Name)}[/]: {Markup.Escape(platform.Value.ToString())}");
                    continue;
                }
                if (explicitCategories) return Fail(ExitCodes.MissingPrerequisite, platformGap);
                notRunReasons.Add(platformGap);
                unavailable[stack] = platformGap;
                AnsiConsole.MarkupLine($"[yellow]guest categories skipped for stack {Markup.Escape(stack.Name)}:[/] {Markup.Escape(platformGap)}");
            }
        }

        var started = DateTimeOffset.Now;
        using var journal = new RunJournal(output, started, RunEnvironment.Describe());
        using var onSigint = OnInterrupt(PosixSignal.SIGINT, journal);
        using var onSigterm = OnInterrupt(PosixSignal.SIGTERM, journal);
        var unwritten = new List<string>();
        // The live host's matrices run beside the guests, one batch after another: they need no guest, and run while the guests boot.
        List<(MatrixBatch Batch, ICellSink Sink)> hostWork = stacks.All(HostCellsInGuest) ? [] : [.. hostBatches.Select(b => (b, (ICellSink)journal))];
        // Every stack is planned first, then all their batches run in one pool, a guest per core whatever its stack: a
        // stack's guests and another stack's are alike to the cores, and a stack no longer waits for the one before.
        var plans = new List<(GuestStack Stack, RunJournal.Stack Journal, SortedDictionary<string, string> Environment, ConcurrentDictionary<string, string> Booted)>();
        var work = new List<(MatrixBatch Batch, ICellSink Sink)>();
        foreach (var (stack, index) in stacks.Select((s, i) => (s, i)))
        {
            var environment = new SortedDictionary<string, string>(RunEnvironment.Describe().ToDictionary(), StringComparer.Ordinal);
            var directory = index == 0 ? output : new DirectoryInfo(Path.Combine(output.FullName, stack.Name));
            // The host matrices in a guest are neither netmap nor datapath cells: a second netmap build's stack leaves them to the
            // first build's, as it does the guest matrix, and a vhost twin to the stack it twins.
            var hostMatricesHere = HostCellsInGuest(stack) && stack.RunsGuestMatrix && !stack.Vhost;
            environment[EnvironmentKeys.HostMatricesRanOn] = !HostCellsInGuest(stack) ? $"this host (kernel {KernelVersion.RunningRelease})"
                : hostMatricesHere ? "a guest on the kernel under test (this stack's guest kernel)"
                : stack.Vhost ? "a guest on the kernel under test, on the stack without vhost" : "a guest on the kernel under test, on the first netmap build's stack";
            if (qemuVersions.TryGetValue(stack.Qemu, out var qemuVersion)) environment[EnvironmentKeys.Qemu] = VersionOf(qemuVersion);
            if (stack.Vhost) environment[EnvironmentKeys.Datapath] = "vhost-net";
            var batches = new List<MatrixBatch>();
            var booted = new ConcurrentDictionary<string, string>();
            if (platforms.TryGetValue(stack, out var platform))
            {
                environment[EnvironmentKeys.GuestKernel] = platform.Image.Kernel.ToString();
                environment[EnvironmentKeys.GuestKernelEntry] = platform.Image.Entry;
                environment[EnvironmentKeys.Accelerator] = platform.Acceleration.ToString();
            }
            var journalled = journal.BeginStack(directory, environment, ownHostCells: HostCellsInGuest(stack));
            // Every stack would have run netmap, so each lists its cells as skipped when there are no modules.
            foreach (var skipped in netmapSkipped) journalled.Record(skipped);
            if (unavailable.TryGetValue(stack, out var reason))
                foreach (var skipped in SkippedCells([.. stack.RunsGuestMatrix ? GuestMatrix.Categories : [], .. wantsNetmap ? NetmapGuestMatrix.Categories : [],
                             .. hostMatricesHere ? HostMatrix.Categories : []], reason))
                    journalled.Record(skipped);
            if (platform is not null)
            {
                ILabGuest Booted(ILabGuest guest, string id)
                {
                    booted[EnvironmentKeys.GuestBoot(id)] = $"{guest.BootTime.TotalSeconds:0.0} s";
                    booted[EnvironmentKeys.Qemu] = VersionOf(guest.Qemu);
                    AnsiConsole.MarkupLine($"[grey]{Markup.Escape(stack.Name)}: {Markup.Escape(guest.Describe())}[/]");
                    return guest;
                }
                directory.Create();
                if (stack.RunsGuestMatrix)
                    batches.AddRange(stack.GuestMatrixBatches(platform, Wanted, Booted));
                if (hostMatricesHere && HostMatricesInGuest(platform, () => Booted(stack.Boot(platform, vnetHeader: false, new VirtioNetDeviceOptions()), "host matrices"), Wanted)
                        is { } inGuest)
                    batches.Insert(0, inGuest);
                if (stack.Netmap is { } build)
                {
                    var identity = build.Identify();
                    environment[EnvironmentKeys.Netmap] = identity.Summary;
                    if (build.Tools is null && selected.Intersect([NetmapGuestMatrix.Receive, NetmapGuestMatrix.Transmit]).Any())
                        AnsiConsole.MarkupLine($"[yellow]pkt-gen cross-check[/] of stack {Markup.Escape(stack.Name)}: {Markup.Escape(NetmapTools.NotGivenNote)}");
                    foreach (var (key, value) in identity.EnvironmentEntries()) environment[key] = value;
                    // Every guest of the stack loads the same netmap.ko: the first to boot says which API it answers with.
                    var plan = stack.NetmapMatrixBatches(platform, Wanted, (guest, name) =>
                    {
                        Booted(guest, name);
                        if (!booted.ContainsKey(EnvironmentKeys.NetmapApi)) booted[EnvironmentKeys.NetmapApi] = AcceptedApi(guest);
                        return guest;
                    }, () => ThroughputProfile.Load());
                    batches.AddRange(plan.Batches);
                    if (plan.BuildGap is { } buildGap)
                    {
                        notRunReasons.Add(buildGap);
                        AnsiConsole.MarkupLine($"[yellow]netmap categories skipped for stack {Markup.Escape(stack.Name)}:[/] {Markup.Escape(buildGap)}");
                    }
                    else if (plan.NativeGap is { } nativeGap)
                    {
                        AnsiConsole.MarkupLine($"[yellow]netmap native cells skipped for stack {Markup.Escape(stack.Name)}:[/] {Markup.Escape(nativeGap)}");
                    }
                    // The cells the plan leaves out are listed as skipped, so the results say what was not tested.
                    if ((plan.BuildGap ?? plan.NativeGap) is { } leftOut)
                    {
                        var running = plan.Batches.SelectMany(b => b.Cells).Select(c => c.Id).ToHashSet();
                        foreach (var skipped in SkippedCells(NetmapGuestMatrix.Categories, leftOut).Where(c => !running.Contains(c.Id)))
                            journalled.Record(skipped);
                    }
                }
            }
            journalled.Plan(batches.SelectMany(b => b.Cells).Select(c => c.Id));
            work.AddRange(batches.Select(b => (b, (ICellSink)journalled)));
            plans.Add((stack, journalled, environment, booted));
        }
        Execute(work, hostWork, unwritten);
        var runs = new List<(string Label, RunResults Run)>();
        foreach (var (stack, journalled, environment, booted) in plans)
        {
            foreach (var (key, value) in booted) environment[key] = value;
            var run = journalled.Complete(environment);
            Write(run, journalled.Directory, unwritten);
            runs.Add((stacks.Count == 1 ? "this run" : stack.Name, run));
            PrintSummary(run, journalled.Directory, DateTimeOffset.Now - started);
        }
        // A stack that could not run at all has only skipped cells: beside the others it would differ in every behaviour.
        var ran = runs.Where((_, i) => !unavailable.ContainsKey(stacks[i])).ToList();
        if (ran.Count > 1 && wantsGuests)
        {
            AnsiConsole.MarkupLine($"[bold]the stacks side by side[/] (baseline {Markup.Escape(ran[0].Label)}; differences only):");
            var comparison = ResultsComparison.Of(ran);
            CompareCommand.Print(comparison, onlyDifferences: true);
            var failedBefore = unwritten.Count;
            Output(unwritten, Path.Combine(output.FullName, ComparisonHtml.FileName), () => CompareCommand.WriteReports(comparison, output));
            if (unwritten.Count == failedBefore)
                AnsiConsole.MarkupLine($"every behaviour of the stacks: {Markup.Escape(output.FullName)}/{ComparisonMarkdown.FileName}, {Charts.ComparisonPngFileName}, {ComparisonHtml.FileName}");
        }
        WriteCi(ci, runs, unwritten);
        if (journal.Failure is { } lostJournal) unwritten.Add(lostJournal);
        if (unwritten.Count > 0)
            return Fail(ExitCodes.CannotWriteOutput, $"{unwritten.Count} output(s) could not be written, the first: {unwritten[0]}");
        // The stacks that could run were run and reported; the QEMU that could not is said last, with its fix.
        if (qemuGaps.Count > 0) return Fail(ExitCodes.MissingPrerequisite, string.Join("; ", qemuGaps.Values));
        // A category asked for by name that judged no cell on any stack must not pass a gate as if it had.
        var notRun = explicitCategories
            ? categories.Distinct().Where(c => runs.All(r => r.Run.Cells.All(cell => cell.Category != c || cell.Verdict == CellResult.Skipped))).ToArray()
            : [];
        if (notRun.Length > 0)
            return Fail(ExitCodes.MissingPrerequisite, $"{string.Join(", ", notRun)} could not run: {(notRunReasons.Count > 0 ? string.Join("; ", notRunReasons) : "no stack could run its cells")}");
        return runs.Any(r => r.Run.DeviationCount > 0) ? ExitCodes.BehaviourDiffers : ExitCodes.Ok;
    }

    /// <summary>
    /// On SIGINT or SIGTERM: the cells judged so far are written as each begun stack's results, marked interrupted with
    /// the signal, the journal goes, and the process exits at once with 128 + the signal's number. What the run had
    /// running dies with it (QEMU by PR_SET_PDEATHSIG, a container by its lifeline, namespaces with their last thread).
    /// </summary>
    private static PosixSignalRegistration OnInterrupt(PosixSignal signal, RunJournal journal) =>
        PosixSignalRegistration.Create(signal, context =>
        {
            context.Cancel = true;
            var (name, code) = context.Signal == PosixSignal.SIGINT ? ("SIGINT", ExitCodes.InterruptedBySigint) : ("SIGTERM", ExitCodes.TerminatedBySigterm);
            var interrupted = journal.Interrupt($"{name} after {journal.JudgedCount} judged cells; the cells not listed did not run");
            var unwritten = new List<string>();
            foreach (var (directory, run) in interrupted) Write(run, directory, unwritten, charts: false);
            journal.Dispose();
            Console.Error.WriteLine(unwritten.Count == 0
                ? $"vnetconf: interrupted by {name}: the cells judged so far are in {string.Join(", ", interrupted.Select(r => $"{Path.Combine(r.Directory.FullName, "results.json")} ({r.Run.Cells.Count})"))}, marked interrupted"
                : $"vnetconf: interrupted by {name}, and the results could not be written: {unwritten[0]}");
            // Not on this thread: the runtime's signal thread runs this handler, and shutting down from it can wait on itself.
            var exitCode = unwritten.Count == 0 ? code : ExitCodes.CannotWriteOutput;
            new Thread(() => Environment.Exit(exitCode)) { IsBackground = true, Name = "vnetconf exit on signal" }.Start();
        });

    /// <summary>How long one host-matrix cell may take in a guest under TCG (a corpus cell is the longest) before it is an error.</summary>
    private static readonly TimeSpan GuestHostCellTimeout = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The host matrices' cells for the kernel of <paramref name="platform"/>, each run and judged by the agent of one guest
    /// on that kernel (<see cref="AgentCommand.RunCell"/>), the guest booted with <paramref name="boot"/> before the first.
    /// </summary>
    private static MatrixBatch? HostMatricesInGuest(GuestPlatform platform, Func<ILabGuest> boot, Func<MatrixCell, bool> wanted)
    {
        var session = new GuestSession(boot);
        return session.Batch($"host matrices in a guest on {platform.Image.Kernel.Release}", HostMatrix.Cells(KernelVersion.Parse(platform.Image.Kernel.Release))
            .Where(wanted).Select(c => c with { Elsewhere = () => session.Guest.Agent.RunCell(c.Id, GuestHostCellTimeout) }));
    }

    /// <summary>Every cell of every category, listed without running anything (no guest is booted).</summary>
    private static IReadOnlyList<MatrixCell> ListCells() => [.. HostMatrix.Cells(KernelVersion.Running), .. GuestMatrix.Listed(), .. NetmapGuestMatrix.Listed()];

    /// <summary>The host's QEMU, and a container's too where the engine and image are ready (said why not otherwise).</summary>
    private static IReadOnlyList<QemuSpec> DefaultQemus()
    {
        if (ContainerEngine.Available.Gap is not { } gap) return [new QemuSpec.Host(), new QemuSpec.Container()];
        AnsiConsole.MarkupLine($"[yellow]container QEMU stack skipped:[/] {Markup.Escape(gap)}");
        return [new QemuSpec.Host()];
    }

    /// <summary>
    /// Whether the default stacks get their vhost-net twins: where /dev/vhost-net exists, as the NUnit guest fixtures
    /// judge them there too (said either way, as the container stack is).
    /// </summary>
    private static bool DefaultVhost()
    {
        if (GuestLab.Vhost.Gap is not { } gap)
        {
            AnsiConsole.MarkupLine("vhost-net stack: /dev/vhost-net is here, so the host QEMU's cells also run with vhost=on (--vhost, implied)");
            return true;
        }
        AnsiConsole.MarkupLine($"[grey]vhost-net stack skipped: {Markup.Escape(gap)}[/]");
        return false;
    }

    /// <summary>How <paramref name="qemu"/> was given on the command line, for messages ("host" when it was the default).</summary>
    private static string QemuArgument(QemuSpec qemu, IReadOnlyList<string> given) =>
        given.FirstOrDefault(g => QemuSpec.Parse(g) == qemu) ?? qemu.Label.Replace("qemu-", "", StringComparison.Ordinal);

    /// <summary>A QEMU as results and column headers show it: the banner without its "QEMU emulator version" prefix.</summary>
    private static string VersionOf(QemuVersion qemu) => qemu.Banner.Replace("QEMU emulator version ", "", StringComparison.Ordinal);

    /// <summary>The nr_version range the guest's netmap accepts, or why it could not be learnt (the cells still run).</summary>
    private static string AcceptedApi(ILabGuest guest)
    {
        try
        {
            return guest.Agent.NetmapAcceptedApi().ToString();
        }
        catch (AgentException e)
        {
            return $"unknown: {e.Message}";
        }
    }

    /// <summary>Fails now, not after the whole matrix has run, when the output directory cannot be written.</summary>
    private static int? CheckWritable(DirectoryInfo output)
    {
        try
        {
            output.Create();
            using (File.Create(Path.Combine(output.FullName, ".vnetconf-write-check"), 1, FileOptions.DeleteOnClose)) { }
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fail(ExitCodes.CannotWriteOutput, $"cannot write to {output.FullName}: {e.Message}");
        }
    }

    /// <summary>
    /// Runs the batches of <paramref name="work"/> in the engine's pool (a guest per core) and those of
    /// <paramref name="serial"/> one after another beside them, with a progress bar per category; each batch's results go
    /// to its sink, and the frames of every deviating cell are saved under pcap/.
    /// </summary>
    private static void Execute(List<(MatrixBatch Batch, ICellSink Sink)> work, List<(MatrixBatch Batch, ICellSink Sink)> serial, List<string> unwritten)
    {
        if (work.Count + serial.Count == 0) return;
        List<MatrixBatch> pooled = [.. work.Select(w => w.Batch)], serialBatches = [.. serial.Select(w => w.Batch)], batches = [.. pooled, .. serialBatches];
        IReadOnlyList<TimeSpan> elapsed = [];
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                // The host's categories first: they begin at once, while the guests boot.
                var tasks = serial.Concat(work).SelectMany(w => w.Batch.Cells).GroupBy(c => c.Category)
                    .ToDictionary(g => g.Key, g => context.AddTask(g.Key, maxValue: g.Count()));
                var sinks = new Dictionary<MatrixBatch, ICellSink>(ReferenceEqualityComparer.Instance);
                foreach (var (batch, sink) in work.Concat(serial)) sinks[batch] = sink;
                elapsed = BatchPool.Run(pooled, BatchPool.GuestParallelism, new ProgressObserver(tasks, sinks, batches.Sum(b => b.Cells.Count), unwritten), serialBatches);
            });
        // A corpus's cells judge many cases each: its speed is cases per second.
        for (var i = 0; i < batches.Count; i++)
        {
            var cases = batches[i].Cells.Sum(c => c.Cases);
            if (cases > batches[i].Cells.Count)
                AnsiConsole.MarkupLine($"{Markup.Escape(batches[i].Name)}: {cases} cases in {elapsed[i].TotalSeconds:F1} s ({cases / elapsed[i].TotalSeconds:F0} cases/s)");
        }
    }

    /// <summary>The CLI's view of the pool: a progress bar per category, each judged cell journalled by its batch's sink, a deviating cell's frames saved.</summary>
    private sealed class ProgressObserver(Dictionary<string, ProgressTask> tasks, Dictionary<MatrixBatch, ICellSink> sinks, int total, List<string> unwritten)
        : IBatchObserver
    {
        private int done;

        public void SettingUp(MatrixBatch batch) =>
            tasks[batch.Cells[0].Category].Description = $"{batch.Cells[0].Category} [grey]setting up {Markup.Escape(batch.Name)}[/]";

        public void SetupFailed(MatrixBatch batch, Exception failure) =>
            AnsiConsole.MarkupLine($"[red]{Markup.Escape(batch.Name)} could not be set up:[/] {Markup.Escape(failure.Message.Split('\n')[0])}");

        public void Starting(MatrixBatch batch, MatrixCell cell) =>
            tasks[cell.Category].Description = $"{cell.Category} [grey]{Interlocked.Increment(ref done)}/{total}[/] {Markup.Escape(Shorten(cell.Title))}";

        public void Judged(MatrixBatch batch, MatrixCell cell, CellResult result, Observation? observation)
        {
            var sink = sinks[batch];
            sink.Record(result);
            if (result.IsDeviation && observation is { Frames.Count: > 0 })
                SaveFrames(Path.Combine(sink.Directory.FullName, "pcap"), result, observation, unwritten);
            tasks[cell.Category].Increment(1);
            tasks[cell.Category].Description = cell.Category;
        }

        public void ReleaseFailed(MatrixBatch batch, Exception failure) =>
            AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(batch.Name)} could not be released:[/] {Markup.Escape(failure.Message.Split('\n')[0])}");
    }

    /// <summary>Writes the run's results and reports, each whole or not at all; what could not be written is added to <paramref name="unwritten"/>.</summary>
    /// <param name="charts">false on an interrupt: drawing the charts (report.html's and verdicts.png) costs more than the
    /// second an interrupted run has to end in; results.json and report.md carry every judged cell without them</param>
    private static void Write(RunResults run, DirectoryInfo directory, List<string> unwritten, bool charts = true)
    {
        Output(unwritten, directory.FullName, () =>
        {
            directory.Create();
            ResultsJson.Write(run, Path.Combine(directory.FullName, "results.json"));
            AtomicFile.WriteAllText(Path.Combine(directory.FullName, "report.md"), MarkdownReport.Render(run));
            if (!charts) return;
            if (run.Cells.Count > 0) AtomicFile.Write(Path.Combine(directory.FullName, Charts.VerdictsPngFileName), stream => stream.Write(Charts.VerdictsPng(run)));
            AtomicFile.WriteAllText(Path.Combine(directory.FullName, "report.html"), HtmlReport.Render(run));
        });
    }

    /// <summary>The CI formats asked for, over every stack of the run; what could not be written is added to <paramref name="unwritten"/>.</summary>
    private static void WriteCi(CiOutputs ci, IReadOnlyList<(string Label, RunResults Run)> runs, List<string> unwritten)
    {
        if (ci.JUnit is { } junit) Output(unwritten, junit.FullName, () => AtomicFile.WriteAllText(junit.FullName, JUnitReport.Render(runs)));
        if (ci.Ktap is { } ktap) Output(unwritten, ktap.FullName, () => AtomicFile.WriteAllText(ktap.FullName, KtapReport.Render(runs)));
    }

    private static void SaveFrames(string directory, CellResult result, Observation observation, List<string> unwritten)
    {
        var path = Path.Combine(directory, $"{result.Id}.pcapng");
        Output(unwritten, path, () =>
        {
            Directory.CreateDirectory(directory);
            AtomicFile.Write(path, stream =>
            {
                var pcap = new PcapNgWriter(stream, $"vnetconf {result.Id}: {result.Title}");
                var now = DateTimeOffset.Now;
                foreach (var frame in observation.Frames)
                    pcap.Write(frame.Bytes, now, frame.Header is { } h ? $"virtio-net header ({frame.HeaderLength} B): {h}" : "no virtio-net header");
            });
        });
    }

    /// <summary>Runs one write; a failure (a full disk, a read-only directory) is said at once and remembered for the exit code, and the run goes on.</summary>
    private static void Output(List<string> unwritten, string what, Action write)
    {
        try
        {
            write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            lock (unwritten) unwritten.Add($"{what}: {e.Message}");
            AnsiConsole.MarkupLine($"[red]cannot write {Markup.Escape(what)}:[/] {Markup.Escape(e.Message)} (a previous file there is left as it was)");
        }
    }

    private static void PrintSummary(RunResults run, DirectoryInfo output, TimeSpan elapsed)
    {
        var table = new Table().AddColumns("category", "cells", "as documented", "documented defect", "deviating", "skipped");
        foreach (var group in run.Cells.GroupBy(c => c.Category))
        {
            var bad = group.Count(c => c.IsDeviation);
            var skipped = group.Count(c => c.Verdict == CellResult.Skipped);
            var defects = group.Count(c => c.Verdict == CellResult.DocumentedDefect);
            table.AddRow(group.Key, group.Count().ToString(), (group.Count() - bad - skipped - defects).ToString(), defects == 0 ? "0" : $"[magenta]{defects}[/]",
                bad == 0 ? "0" : $"[red]{bad}[/]", skipped.ToString());
        }
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(EnvironmentKeys.VersionLine(run.Environment))}[/]");
        AnsiConsole.Write(table);
        foreach (var cell in run.Cells.Where(c => c.Verdict == CellResult.DocumentedDefect))
            foreach (var a in cell.Defects)
                AnsiConsole.MarkupLine($"[magenta]documented defect[/] {Markup.Escape(cell.Title)}: {Markup.Escape(a.Name)} {Markup.Escape(a.Observed)} [grey]({Markup.Escape(a.Source)})[/]");
        foreach (var cell in run.Cells.Where(c => c.IsDeviation))
        {
            AnsiConsole.MarkupLine($"[red]{Markup.Escape(cell.Verdict)}[/] {Markup.Escape(cell.Title)} [grey]({Markup.Escape(cell.Id)})[/]");
            if (cell.Error is not null) AnsiConsole.MarkupLine($"  {Markup.Escape(cell.Error.Split('\n')[0])}");
            foreach (var a in cell.Aspects.Where(a => !a.AsDocumented))
                AnsiConsole.MarkupLine($"  {Markup.Escape(a.Name)}: observed [yellow]{Markup.Escape(a.Observed)}[/], documented {Markup.Escape(a.ExpectedForVersions)} [grey]({Markup.Escape(a.Source)})[/]");
        }
        AnsiConsole.MarkupLine($"{Markup.Escape(run.Summary)} in {elapsed.TotalSeconds:F0} s. Results: {Markup.Escape(output.FullName)}/results.json, report.md, report.html, {Charts.VerdictsPngFileName}" +
                               (run.DeviationCount > 0 ? ", pcap/" : ""));
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";

    internal static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"vnetconf: {message}");
        return code;
    }
}
