using System.Diagnostics;

namespace Vnetconf.Cli;

/// <summary>Runs a host tool with a deadline, for probes: a tool that is missing or hangs is an answer, not a crash.</summary>
public static class HostProbe
{
    /// <summary>The tool's stdout (trimmed), or null when it is not installed, failed, or did not answer in time.</summary>
    public static string? Output(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        try
        {
            using var process = Process.Start(start);
            if (process is null) return null;
            var stdout = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync(); // drained, so a chatty tool cannot block on a full pipe
            if (!process.WaitForExit(10_000))
            {
                process.Kill(entireProcessTree: true);
                return null;
            }
            return process.ExitCode == 0 ? stdout.GetAwaiter().GetResult().Trim() : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // not installed
        }
    }
}
