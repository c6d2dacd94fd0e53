using System.Diagnostics;
using Vnetconf.Interop;

namespace Vnetconf.Guest;

/// <summary>What a finished external command returned.</summary>
public sealed record ExternalCommandResult(int ExitCode, byte[] Output, string Error)
{
    public string OutputText => System.Text.Encoding.UTF8.GetString(Output);
}

/// <summary>
/// Runs the few tools the image builder relies on (apt-get, dpkg, xz, ldd) with a deadline: a tool that hangs is
/// killed and reported, never waited on forever.
/// </summary>
public static class ExternalCommand
{
    /// <summary>Runs <paramref name="file"/> and returns its output; throws when it fails, times out or is missing.</summary>
    public static ExternalCommandResult Run(string file, IEnumerable<string> arguments, TimeSpan timeout, string? workingDirectory = null)
    {
        var result = TryRun(file, arguments, timeout, workingDirectory);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {result.ExitCode}: {result.Error.Trim()}");
        return result;
    }

    /// <summary>
    /// Runs <paramref name="file"/>; a non-zero exit is returned, a timeout throws, and a missing tool is a requirement
    /// unmet (a host or image without it cannot prepare guests: the cells are skipped with its name, not an internal error).
    /// </summary>
    /// <param name="input">what the command reads on its standard input; none (it is closed at once) when null</param>
    public static ExternalCommandResult TryRun(string file, IEnumerable<string> arguments, TimeSpan timeout, string? workingDirectory = null,
        ReadOnlyMemory<byte>? input = null)
    {
        if (!Path.IsPathRooted(file) && Find(file) is null)
            throw new GuestPlatformUnavailableException($"no {file} in any directory of PATH ({Environment.GetEnvironmentVariable("PATH")}): the suite runs it. Fix: install it (setup/host-packages installs every tool the suite runs)");
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "",
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["LC_ALL"] = "C"; // messages are parsed and quoted: keep them in one language

        using var process = ProcessLaunch.Start(start);
        var feed = input is { } bytes ? Feed(process.StandardInput.BaseStream, bytes) : Task.CompletedTask;
        if (input is null) process.StandardInput.Close();
        using var output = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish within {timeout.TotalSeconds} s and was killed");
        }
        process.WaitForExit(); // lets the output copies finish
        copy.GetAwaiter().GetResult();
        feed.GetAwaiter().GetResult();
        return new ExternalCommandResult(process.ExitCode, output.ToArray(), error.GetAwaiter().GetResult());
    }

    /// <summary>Writes <paramref name="bytes"/> to a command's standard input and closes it; a command that stops reading early is not an error.</summary>
    private static async Task Feed(Stream stdin, ReadOnlyMemory<byte> bytes)
    {
        try
        {
            await stdin.WriteAsync(bytes).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // EPIPE: the command exited or closed its input; its exit code and output say how it went.
        }
        finally
        {
            try
            {
                await stdin.DisposeAsync().ConfigureAwait(false);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>The full path of <paramref name="tool"/> on PATH, or null.</summary>
    public static string? Find(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin")
        .Split(':', StringSplitOptions.RemoveEmptyEntries)
        .Select(dir => Path.Combine(dir, tool))
        .FirstOrDefault(File.Exists);
}
