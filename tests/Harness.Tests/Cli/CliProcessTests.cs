using System.Diagnostics;
using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Cli;
using Vnetconf.Guest;
using Vnetconf.Model;
using Vnetconf.Reporting;
using Vnetconf.Scenarios;

namespace Vnetconf.Harness.Tests.Cli;

/// <summary>
/// The command as a process, where the contract concerns the process itself: a disk that fills up, a signal, the
/// directory it is started from, what a killed run leaves in the temporary directory.
/// </summary>
[NonParallelizable]
public sealed class CliProcessTests
{
    private static readonly string Cli = Path.Combine(AppContext.BaseDirectory, "vnetconf");
    private static readonly string FrontDoor = Path.Combine(GuestAgentBuild.RepositoryRoot, "vnetconf");
    private string directory = null!;

    [SetUp]
    public void CreateDirectory() => directory = Directory.CreateTempSubdirectory("vnetconf-cli-process-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(directory, recursive: true);

    [Test]
    public void Document_onto_a_full_disk_keeps_the_previous_document_and_is_exit_code_6()
    {
        RequireRoot("a private mount namespace with a full tmpfs");
        var results = Save(Path.Combine(directory, "a.json"));
        var disk = Directory.CreateDirectory(Path.Combine(directory, "disk")).FullName;

        var (exit, output) = OnFullDisk(disk, "printf previous > \"$disk/BEHAVIOR.md\"", $"\"{Cli}\" document \"{results}\" --output \"$disk/BEHAVIOR.md\"");

        exit.Should().Be(ExitCodes.CannotWriteOutput, output);
        output.Should().Contain("cannot write").And.EndWith("AFTER:previous|", "the previous document is left as it was, and no partial file stays");
    }

    [Test]
    public void A_run_whose_results_cannot_be_written_keeps_the_previous_results_and_is_exit_code_6()
    {
        RequireRoot("a private mount namespace with a full tmpfs, and the host lab");
        var cell = HostMatrix.Cells(KernelVersion.Running).First(c => c.Category == HostMatrix.ReadPath);
        var disk = Directory.CreateDirectory(Path.Combine(directory, "disk")).FullName;

        var (exit, output) = OnFullDisk(disk, "printf previous > \"$disk/results.json\"",
            $"\"{Cli}\" run --category {cell.Category} --filter \"{cell.Id}\" --output \"$disk\"", listing: "results.json");

        exit.Should().Be(ExitCodes.CannotWriteOutput, output);
        output.Should().EndWith("AFTER:previous|", "the previous results.json is left as it was, and no partial file stays");
    }

    [Test]
    public void A_run_writes_JUnit_and_KTAP_that_their_readers_accept()
    {
        RequireRoot("the host lab");
        var cell = HostMatrix.Cells(KernelVersion.Running).First(c => c.Category == HostMatrix.ReadPath);
        var (junit, ktap) = (Path.Combine(directory, "junit.xml"), Path.Combine(directory, "run.ktap"));
        using var run = Start(Cli, ["run", "--category", HostMatrix.ReadPath, "--filter", cell.Id, "--output", Path.Combine(directory, "out"), "--junit", junit, "--ktap", ktap]);
        var output = run.StandardOutput.ReadToEnd() + run.StandardError.ReadToEnd();
        run.WaitForExit();

        run.ExitCode.Should().BeOneOf([ExitCodes.Ok, ExitCodes.BehaviourDiffers], output);
        Reporting.JUnitReportTests.SchemaErrors(File.ReadAllText(junit)).Should().BeEmpty();
        var events = Reporting.KtapReportTests.Parse(File.ReadAllText(ktap));
        events.EnumerateArray().Last()[1].GetProperty("count").GetInt32().Should().Be(ResultsJson.Read(Path.Combine(directory, "out", "results.json")).Cells.Count);
    }

    [TestCase("INT", ExitCodes.InterruptedBySigint)]
    [TestCase("TERM", ExitCodes.TerminatedBySigterm)]
    public void A_signal_ends_the_run_within_a_second_and_keeps_every_judged_cell_marked_interrupted(string signal, int code)
    {
        RequireRoot("the host lab");
        var output = Path.Combine(directory, "out");
        // A shell's background job starts with SIGINT ignored, and a program keeps an ignored SIGINT ignored (nohup
        // semantics, which .NET honours): the run is started with the signal's default disposition, as from a terminal.
        using var run = Start("env", [$"--default-signal={signal}", Cli, "run", "--category", HostMatrix.ReadPath, "--category", HostMatrix.WritePath, "--output", output]);
        // Drained all along, so the run can never block on a full pipe and the test times the run alone.
        var progress = run.StandardOutput.ReadToEndAsync();
        var error = run.StandardError.ReadToEndAsync();
        var journal = Path.Combine(output, "journal.jsonl");
        Wait(() => File.Exists(journal) && File.ReadAllLines(journal).Length >= 3, TimeSpan.FromSeconds(60)).Should().BeTrue("cells are journalled as they are judged");

        Process.Start("kill", [$"-{signal}", run.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]).WaitForExit();
        var stopwatch = Stopwatch.StartNew();
        run.WaitForExit(5_000).Should().BeTrue();

        stopwatch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(1));
        run.ExitCode.Should().Be(code);
        var results = ResultsJson.Read(Path.Combine(output, "results.json"));
        results.Interrupted.Should().StartWith($"SIG{signal}");
        results.Cells.Should().HaveCountGreaterThanOrEqualTo(3);
        File.Exists(journal).Should().BeFalse("every journalled cell is in results.json");
        error.GetAwaiter().GetResult().Should().Contain("interrupted");
        _ = progress.GetAwaiter().GetResult();
    }

    [Test]
    public void The_front_door_keeps_the_callers_directory_for_relative_paths()
    {
        Save(Path.Combine(directory, "base.json"));
        Save(Path.Combine(directory, "cand.json"));
        using var compare = Start(FrontDoor, ["compare", "--gate", "base.json", "cand.json"], workingDirectory: directory);
        var output = compare.StandardOutput.ReadToEndAsync();
        var error = compare.StandardError.ReadToEndAsync();
        compare.WaitForExit(300_000).Should().BeTrue();

        compare.ExitCode.Should().Be(ExitCodes.Ok, "{0}{1}", output.GetAwaiter().GetResult(), error.GetAwaiter().GetResult());
    }

    [Test]
    public void A_run_killed_through_the_front_door_leaves_no_diagnostic_socket()
    {
        // compare blocks opening a FIFO nobody writes to: a live CLI to SIGKILL, started the way users start it.
        var fifo = Path.Combine(directory, "never-written.json");
        Process.Start("mkfifo", [fifo]).WaitForExit();
        Save(Path.Combine(directory, "base.json"));
        using var compare = Start(FrontDoor, ["compare", "base.json", "never-written.json"], workingDirectory: directory);
        var cliStarted = Wait(() => File.Exists($"/proc/{compare.Id}/exe") && new FileInfo($"/proc/{compare.Id}/exe").LinkTarget?.EndsWith("/vnetconf", StringComparison.Ordinal) == true,
            TimeSpan.FromSeconds(300));
        cliStarted.Should().BeTrue("the front door execs the CLI in its own process");

        compare.Kill();
        compare.WaitForExit();

        Directory.EnumerateFiles(Path.GetTempPath(), $"dotnet-diagnostic-{compare.Id}-*").Should().BeEmpty();
    }

    [Test]
    public void The_CLI_run_directly_and_killed_leaves_no_diagnostic_socket()
    {
        // The build's (and the published folder's) binary itself, without the front door and its environment: compare
        // blocks reading a FIFO whose writer never writes, a CLI past its start to SIGKILL.
        var fifo = Path.Combine(directory, "never-written.json");
        Process.Start("mkfifo", [fifo]).WaitForExit();
        var start = new ProcessStartInfo(Cli, ["compare", Save(Path.Combine(directory, "base.json")), fifo])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var name in new[] { "DOTNET_EnableDiagnostics", "DOTNET_EnableDiagnostics_IPC", "COMPlus_EnableDiagnostics", "COMPlus_EnableDiagnostics_IPC" })
            start.Environment.Remove(name);
        using var compare = Process.Start(start)!;

        // Opening the FIFO to write returns once the CLI has opened it to read: its Main is running.
        var writer = Task.Run(() => new FileStream(fifo, FileMode.Open, FileAccess.Write));
        if (!writer.Wait(TimeSpan.FromSeconds(120)))
        {
            compare.Kill();
            using (new FileStream(fifo, FileMode.Open, FileAccess.Read)) { } // releases the blocked writer
            Assert.Fail($"the CLI never opened {fifo}: {compare.StandardError.ReadToEnd()}");
        }
        using (writer.Result)
        {
            compare.HasExited.Should().BeFalse("the CLI waits for the FIFO's content");
            compare.Kill();
            compare.WaitForExit();
        }

        Directory.EnumerateFiles(Path.GetTempPath(), $"dotnet-diagnostic-{compare.Id}-*").Should().BeEmpty();
    }

    /// <summary>
    /// Runs <paramref name="command"/> in a private mount namespace where <paramref name="disk"/> is a small tmpfs that
    /// <paramref name="prepare"/> writes to and that is then filled up; returns the exit code and the output: the command's
    /// own (stdout and stderr), then the files left on the disk and, last, what the file <paramref name="listing"/> holds.
    /// </summary>
    private static (int Exit, string Output) OnFullDisk(string disk, string prepare, string command, string listing = "BEHAVIOR.md")
    {
        var script = $"""
            set -u
            disk="$1"
            mount -t tmpfs -o size=256k tmpfs "$disk" || exit 99
            {prepare}
            dd if=/dev/zero of="$disk/fill" bs=4k 2>/dev/null
            {command} 2>&1
            status=$?
            rm -f "$disk/fill"
            printf 'EXIT:%s\n' "$status"
            printf 'FILES:%s\n' "$(ls -A "$disk" | tr '\n' ' ')"
            printf 'AFTER:%s|' "$(cat "$disk/{listing}")"
            """;
        using var process = Start("unshare", ["--mount", "--propagation", "private", "bash", "-c", script, "bash", disk]);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit(120_000).Should().BeTrue();
        var text = output.Result;
        text.Should().NotContain("EXIT:99", "tmpfs must mount: {0}", error.Result);
        text.Should().NotMatchRegex("FILES:.*partial", "no temporary file is left behind");
        var exit = int.Parse(text.Split("EXIT:")[1].Split('\n')[0], System.Globalization.CultureInfo.InvariantCulture);
        return (exit, text);
    }

    private static Process Start(string file, string[] arguments, string? workingDirectory = null) =>
        Process.Start(new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        })!;

    private static bool Wait(Func<bool> condition, TimeSpan timeout)
    {
        var stopwatch = Stopwatch.StartNew();
        while (!condition())
        {
            if (stopwatch.Elapsed > timeout) return false;
            Thread.Sleep(20);
        }
        return true;
    }

    private static string Save(string path)
    {
        ResultsJson.Write(new RunResults(RunResults.CurrentSchema, DateTimeOffset.UnixEpoch, new Dictionary<string, string> { ["host kernel"] = "6.1.0" },
            [new CellResult("host.read.x", "host.read", "x", CellResult.AsDocumented, [new AspectResult("checksum", "partial", "partial", "why", "tun.c")], [])]), path);
        return path;
    }

    private static void RequireRoot(string why)
    {
        if (Tmds.Linux.LibC.geteuid() != 0) Assert.Ignore($"not root: {why} needs it. Fix: run the tests as root");
    }
}
