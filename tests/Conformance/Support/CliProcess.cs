using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using FluentAssertions;
using Vnetconf.Guest;
using Vnetconf.Reporting;

namespace Vnetconf.Conformance.Support;

/// <summary>`vnetconf run` as a separate process, so that a test can break what it runs while it runs and read what it wrote.</summary>
public sealed class CliProcess : IDisposable
{
    private static readonly string Cli = typeof(CliProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "CliPath").Value!;

    private readonly Process process;
    private readonly Task<string> output;
    private readonly Task<string> error;
    private readonly System.Text.StringBuilder outputSoFar = new();

    private CliProcess(string outputDirectory, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        OutputDirectory = outputDirectory;
        File.Exists(Cli).Should().BeTrue("the CLI is built with the tests ({0})", Cli);
        var start = new ProcessStartInfo(Cli, [.. arguments, "--output", outputDirectory]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (key, value) in environment) start.Environment[key] = value;
        process = Process.Start(start)!;
        output = Task.Run(async () =>
        {
            var buffer = new char[4096];
            int read;
            while ((read = await process.StandardOutput.ReadAsync(buffer)) > 0)
                lock (outputSoFar) outputSoFar.Append(buffer, 0, read);
            return OutputSoFar();
        });
        error = process.StandardError.ReadToEndAsync();
    }

    /// <summary>What the run has printed so far: its progress lines, while it runs.</summary>
    public string OutputSoFar()
    {
        lock (outputSoFar) return outputSoFar.ToString();
    }

    public string OutputDirectory { get; }

    public int Id => process.Id;

    public static CliProcess Run(string outputDirectory, IReadOnlyDictionary<string, string>? environment = null, params string[] arguments) =>
        new(outputDirectory, ["run", .. arguments], environment ?? new Dictionary<string, string>());

    /// <summary>The cells judged so far, as the run journals them.</summary>
    public IReadOnlyList<string> JournalLines()
    {
        var journal = Path.Combine(OutputDirectory, "journal.jsonl");
        try
        {
            return File.Exists(journal) ? File.ReadAllLines(journal) : [];
        }
        catch (IOException)
        {
            return []; // removed at the run's end, between the check and the read
        }
    }

    /// <summary>The QEMU processes this run started (its children), by pid.</summary>
    public IReadOnlyList<int> QemuChildren() =>
        Directory.EnumerateDirectories("/proc").Select(Path.GetFileName)
            .Select(name => int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0)
            .Where(pid => pid > 0 && ParentOf(pid) == process.Id && CommandOf(pid).StartsWith("qemu-system", StringComparison.Ordinal))
            .ToArray();

    /// <summary>Whether QEMU <paramref name="pid"/> runs a guest with the agent's channel (a lab guest, not a probe).</summary>
    public static bool HasAgentChannel(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Contains($"name={QemuArguments.AgentPortName}", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    public (int ExitCode, string Output, string Error) WaitForExit(TimeSpan timeout)
    {
        process.WaitForExit(timeout).Should().BeTrue("the run ends within {0}", timeout);
        return (process.ExitCode, output.GetAwaiter().GetResult(), error.GetAwaiter().GetResult());
    }

    public RunResults Results(string? stack = null) =>
        ResultsJson.Read(Path.Combine(stack is null ? OutputDirectory : Path.Combine(OutputDirectory, stack), "results.json"));

    public static bool WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout) return false;
            Thread.Sleep(50);
        }
        return true;
    }

    public void Dispose()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.Dispose();
    }

    private static int ParentOf(int pid)
    {
        try
        {
            // /proc/PID/stat: "pid (comm) state ppid …"; comm may hold spaces and parentheses, so split after the last ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static string CommandOf(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim();
        }
        catch (IOException)
        {
            return "";
        }
    }
}
