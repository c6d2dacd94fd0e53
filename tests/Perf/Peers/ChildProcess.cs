using System.Diagnostics;

namespace Vnetconf.Perf.Peers;

/// <summary>Starting a peer program with its output captured, and waiting for it within a limit.</summary>
internal static class ChildProcess
{
    public static ProcessStartInfo StartInfo(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        return start;
    }

    /// <summary>
    /// Waits for <paramref name="process"/> within <paramref name="limit"/> (else kills it and throws); returns its exit
    /// status, its standard output and its standard error apart, so a machine-read output is not spoilt by a warning.
    /// </summary>
    public static (int Status, string Output, string Errors) Finish(Process process, TimeSpan limit)
    {
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(limit))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                throw new TimeoutException($"{process.StartInfo.FileName} did not finish within {limit.TotalSeconds} s and was killed");
            }
            return (process.ExitCode, stdout.Result.Trim(), stderr.Result.Trim());
        }
    }

    /// <summary>Lets <paramref name="process"/> end by itself within <paramref name="grace"/>, else kills it and what it started.</summary>
    public static void Stop(Process process, TimeSpan grace)
    {
        using (process)
        {
            if (!process.WaitForExit(grace)) process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }
}
