namespace Vnetconf.Cli;

/// <summary>
/// The runtime's diagnostic IPC endpoint, <c>dotnet-diagnostic-PID-KEY-socket</c> in the temporary directory (TMPDIR or
/// /tmp), is created before Main and removed only by a normal exit: every run killed with SIGKILL left one behind.
/// CoreCLR reads <c>DOTNET_EnableDiagnostics_IPC</c> from the environment alone (its runtimeconfig.json setting is
/// "N/A" in the runtime-config documentation, and no configProperties key turns it off in .NET 10), so the front
/// door's <c>DOTNET_EnableDiagnostics_IPC=0</c> reaches neither the published folder nor a direct run of the build.
/// The CLI therefore unlinks its own endpoint as it starts: nothing attaches a diagnostics tool to it, the listening
/// socket can no longer be reached, and a killed run has nothing left to leave. Whoever asks for the port explicitly
/// (<c>DOTNET_EnableDiagnostics_IPC=1</c>, or <c>DOTNET_DiagnosticPorts</c>) keeps it.
/// </summary>
internal static class DiagnosticSocket
{
    public static void Unlink()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_EnableDiagnostics_IPC") is "1" || Environment.GetEnvironmentVariable("DOTNET_DiagnosticPorts") is { Length: > 0 })
            return;
        try
        {
            foreach (var socket in Directory.EnumerateFiles(Path.GetTempPath(), $"dotnet-diagnostic-{Environment.ProcessId}-*-socket"))
                File.Delete(socket);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Benign: a temporary directory the CLI cannot list or write leaves the endpoint as the runtime made it.
        }
    }
}
