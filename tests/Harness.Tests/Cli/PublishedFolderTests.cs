using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;
using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Cli;
using Vnetconf.Guest;
using Vnetconf.Reporting;
using Vnetconf.Scenarios;
using Vnetconf.TestSupport;

namespace Vnetconf.Harness.Tests.Cli;

/// <summary>
/// `dotnet publish src/Cli` into a temporary directory outside the repository, and nothing else copied: the folder
/// runs `doctor` and the main job (host.read) from another directory, with an environment that names nothing of the
/// repository, and strace (an independent witness) sees no file call of any of its processes touch a path in the
/// repository, not even one that fails; doctor names the guest agent shipped in the folder as the one guests would
/// boot. The CLI and the agent build under a root of their own beside the folder (SeparateOutputRoot, in
/// Directory.Build.props); the libraries are only read from the repository's build, which the publish leaves as it was.
/// </summary>
[Category("Publish")]
[NonParallelizable]
public sealed class PublishedFolderTests
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(5);
    private static readonly string Repository = GuestAgentBuild.RepositoryRoot.TrimEnd('/');

    /// <summary>The configuration these tests were built in: the one whose libraries `dotnet test` has just built.</summary>
    private static readonly string Configuration = typeof(PublishedFolderTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;

    /// <summary>A path strace prints (quoted) that is the repository or lies in it.</summary>
    private static readonly Regex RepositoryPath = new($"\"{Regex.Escape(Repository)}(/[^\"]*)?\"");

    private string directory = null!;
    private string published = null!;

    [OneTimeSetUp]
    public void Publish()
    {
        Skip.Unless(HostCapabilities.HostLab); // `run` builds its host lab first
        if (ExternalCommand.Find("strace") is null) Assert.Ignore("no strace: the witness of what the process reads. Fix: apt-get install strace (setup/host-packages)");
        directory = Directory.CreateTempSubdirectory("vnetconf-published-").FullName;
        directory.Should().NotStartWith(Repository, "the folder must lie outside the repository");
        published = Path.Combine(directory, "vnetconf");
        var before = BuildOutputs();
        var stopwatch = Stopwatch.StartNew();
        var (exit, output) = Execute("dotnet",
            ["publish", Path.Combine(Repository, "src", "Cli", "Cli.csproj"), "-c", Configuration, "-o", published,
                $"-p:SeparateOutputRoot={Path.Combine(directory, "outputs")}", "--nologo", "-nodeReuse:false", "-p:UseSharedCompilation=false"],
            Repository, environment: null, PublishTimeout);
        exit.Should().Be(0, output);
        var changed = BuildOutputs().ToHashSet();
        changed.SymmetricExceptWith(before);
        changed.Should().BeEmpty("the publish leaves the repository's own build as it was (each line a file written, added or removed)");
        TestContext.Progress.WriteLine($"published {published} in {stopwatch.Elapsed.TotalSeconds:F0} s");
    }

    [OneTimeTearDown]
    public void RemoveDirectory()
    {
        if (directory is not null && Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }

    [Test]
    public void The_published_folder_runs_the_main_job_from_outside_the_repository_without_reading_it()
    {
        var output = Path.Combine(directory, "results");

        var (exit, console, trace) = RunPublished(["run", "--category", HostMatrix.ReadPath, "--output", output]);

        exit.Should().Be(ExitCodes.Ok, console);
        var results = ResultsJson.Read(Path.Combine(output, "results.json"));
        results.Cells.Should().NotBeEmpty().And.OnlyContain(c => c.Category == HostMatrix.ReadPath);
        NoRepositoryPath(trace);
    }

    [Test]
    public void The_published_doctor_names_the_agent_shipped_in_the_folder_without_reading_the_repository()
    {
        var (exit, console, trace) = RunPublished(["doctor"]);

        exit.Should().Be(ExitCodes.Ok, console);
        // Spectre wraps the finding over several lines of its column: joined again without the wrapping's spaces.
        var finding = string.Concat(Cell(console, "guest agent", column: 3).Where(c => c != ' '));
        var shipped = Path.Combine(published, GuestAgentBuild.ShippedDirectory, GuestAgentBuild.BinaryName);
        finding.Should().Be($"{shipped}(shippedwiththisvnetconf)", console);
        File.Exists(shipped).Should().BeTrue();
        NoRepositoryPath(trace);
    }

    [Test]
    public void The_published_agent_folder_holds_the_agent_alone() =>
        Directory.GetFiles(Path.Combine(published, GuestAgentBuild.ShippedDirectory)).Select(Path.GetFileName)
            .Should().Equal([GuestAgentBuild.BinaryName], "the agent is NativeAOT: no assembly, symbol or documentation file of the harness runs in the guest");

    /// <summary>
    /// The published vnetconf under strace (every process it starts followed, every call that takes a path), started
    /// from a directory of its own with only PATH and HOME set, neither of which names the repository.
    /// </summary>
    private (int Exit, string Console, string[] Trace) RunPublished(string[] arguments)
    {
        var work = Directory.CreateDirectory(Path.Combine(directory, "work")).FullName;
        var home = Directory.CreateDirectory(Path.Combine(directory, "home")).FullName;
        var trace = Path.Combine(directory, $"strace-{arguments[0]}.txt");
        var environment = new Dictionary<string, string> { ["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", ["HOME"] = home };
        environment.Values.Should().NotContain(v => v.Contains(Repository));
        var stopwatch = Stopwatch.StartNew();
        var (exit, console) = Execute("strace",
            ["-f", "--seccomp-bpf", "-qq", "-e", "trace=%file", "-o", trace, Path.Combine(published, "vnetconf"), .. arguments], work, environment, RunTimeout);
        TestContext.Progress.WriteLine($"vnetconf {string.Join(' ', arguments)}: exit {exit} in {stopwatch.Elapsed.TotalSeconds:F0} s");
        var lines = File.ReadAllLines(trace);
        lines.Should().Contain(l => l.Contains($"\"{published}/vnetconf.dll\""), "the trace is of the published vnetconf");
        return (exit, console, lines);
    }

    /// <summary>Every file in the bin/ and obj/ folders of the repository's projects, with its length and last write.</summary>
    private static string[] BuildOutputs() =>
    [
        .. new[] { "src", "tests" }.SelectMany(d => Directory.EnumerateDirectories(Path.Combine(Repository, d), "*", SearchOption.AllDirectories))
            .Where(d => Path.GetFileName(d) is "bin" or "obj")
            .SelectMany(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories))
            .Select(f => new FileInfo(f)).Select(f => $"{f.FullName} {f.Length} {f.LastWriteTimeUtc:O}")
            .Order(StringComparer.Ordinal),
    ];

    private static void NoRepositoryPath(string[] trace) =>
        trace.Where(l => RepositoryPath.IsMatch(l)).Should().BeEmpty($"the published folder needs nothing of {Repository}");

    /// <summary>The text of <paramref name="column"/> (1-based) of the Spectre table row whose first column is <paramref name="row"/>, over its wrapped lines.</summary>
    private static string Cell(string console, string row, int column)
    {
        var lines = console.Split('\n').Where(l => l.StartsWith('│')).Select(l => l.Split('│')).ToArray();
        var first = Array.FindIndex(lines, l => l[1].Trim() == row);
        first.Should().BeGreaterThanOrEqualTo(0, $"doctor has a row '{row}':\n{console}");
        var cells = new List<string> { lines[first][column].Trim() };
        for (var i = first + 1; i < lines.Length && lines[i][1].Trim().Length == 0; i++) cells.Add(lines[i][column].Trim());
        return string.Join(' ', cells);
    }

    private static (int Exit, string Output) Execute(string file, string[] arguments, string workingDirectory, Dictionary<string, string>? environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        if (environment is not null)
        {
            start.Environment.Clear();
            foreach (var (key, value) in environment) start.Environment[key] = value;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{file} {string.Join(' ', arguments)} did not end within {timeout}");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
