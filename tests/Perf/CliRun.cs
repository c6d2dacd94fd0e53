using System.Diagnostics;
using System.Reflection;

namespace Vnetconf.Perf;

/// <summary>`vnetconf run` as the README runs it, in a process of its own, timed from its start to its exit.</summary>
public static class CliRun
{
    private static readonly string Cli = typeof(CliRun).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "CliPath").Value!;
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(15);

    /// <summary>Runs `vnetconf run <paramref name="arguments"/> --output <paramref name="output"/>` and returns its wall time; a run that exits other than 0 is no pace to report.</summary>
    public static TimeSpan Timed(string output, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(Cli, ["run", .. arguments, "--output", output]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["NO_COLOR"] = "1";
        var clock = Stopwatch.StartNew();
        using var run = Process.Start(start)!;
        var stdout = run.StandardOutput.ReadToEndAsync();
        var stderr = run.StandardError.ReadToEndAsync();
        if (!run.WaitForExit(Limit))
        {
            run.Kill(entireProcessTree: true);
            throw new TimeoutException($"vnetconf run {string.Join(' ', arguments)} did not end within {Limit.TotalMinutes} min");
        }
        var elapsed = clock.Elapsed;
        if (run.ExitCode != 0)
            throw new InvalidOperationException($"vnetconf run {string.Join(' ', arguments)} exited {run.ExitCode}; a run that is not as documented is no pace to report. " +
                $"Its results, reports and frames are kept in {Keep(output)}:\n{stderr.Result}\n{string.Join('\n', stdout.Result.Split('\n').TakeLast(30))}");
        return elapsed;
    }

    /// <summary>
    /// Copies a failed run's output to results/perf/failed-runs/ before the caller removes its scratch directory:
    /// the deviation it found is evidence (results.json, report.md, the pcap of every deviating cell), not scratch.
    /// </summary>
    private static string Keep(string output)
    {
        if (!Directory.Exists(output)) return $"nowhere: the run wrote no {output}";
        var kept = Path.Combine(PerfResults.Directory(), "failed-runs", $"{DateTime.UtcNow:yyyyMMdd'T'HHmmss}-{Path.GetFileName(Path.GetDirectoryName(output))}-{Path.GetFileName(output)}");
        foreach (var file in Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(kept, Path.GetRelativePath(output, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
        return kept;
    }
}
