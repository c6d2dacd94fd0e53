using System.Diagnostics;
using System.Text;
using Vnetconf.Interop;
using Vnetconf.Links;

namespace Vnetconf.Guest;

/// <summary>
/// A running qemu-system-x86_64 that cannot outlive the harness: it is started through <c>setpriv --pdeathsig KILL</c>
/// from a long-lived thread (the kernel sends the signal when the thread that forked it exits, even on the harness's
/// SIGKILL), and disposing it kills it. Its stderr is kept for error messages.
/// </summary>
public sealed class QemuProcess : IDisposable
{
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(10);

    private readonly Process process;
    private readonly StringBuilder errors = new();

    private QemuProcess(Process process, string binary, IReadOnlyList<string> arguments)
    {
        this.process = process;
        Binary = binary;
        Arguments = arguments;
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (errors) errors.AppendLine(e.Data); };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (errors) errors.AppendLine(e.Data); };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
    }

    /// <summary>The qemu-system-x86_64 that runs, for reports.</summary>
    public string Binary { get; }

    /// <summary>The QEMU arguments (without the setpriv wrapper), for reports.</summary>
    public IReadOnlyList<string> Arguments { get; }

    public int Id => process.Id;
    public bool HasExited => process.HasExited;

    /// <summary>
    /// Running, or how it ended (128 + N for a kill by signal N), for the evidence of a failed cell. A QEMU whose agent
    /// channel just closed is usually on its way out: <paramref name="grace"/> lets it finish so its status can be told.
    /// </summary>
    public string StateAfter(TimeSpan grace) =>
        process.WaitForExit(grace) ? $"QEMU pid {Id} has exited with status {process.ExitCode}" : $"QEMU pid {Id} is running";

    /// <summary>What QEMU wrote on stdout and stderr so far (bad properties, a refused fd, …).</summary>
    public string Errors
    {
        get { lock (errors) return errors.ToString(); }
    }

    /// <summary>
    /// Starts QEMU. With <paramref name="ns"/> it is forked from the namespace's own thread, so it lives in the lab
    /// namespace (where the TAP is) and dies when that thread ends; <paramref name="inherited"/> (the TAP fd) reaches
    /// it under the same number.
    /// </summary>
    public static QemuProcess Start(QemuConfiguration config, NetNamespace? ns, IReadOnlyList<FileDescriptor> inherited)
    {
        var qemu = config.Binary.Contains('/', StringComparison.Ordinal) ? config.Binary
            : ExternalCommand.Find(config.Binary) ?? throw new InvalidOperationException($"no {config.Binary} on PATH: install qemu-system-x86 (setup/guest-fixtures does)");
        var setpriv = ExternalCommand.Find("setpriv")
                      ?? throw new InvalidOperationException("no setpriv (util-linux) on PATH: it ties QEMU's life to the harness with --pdeathsig");
        var arguments = QemuArguments.Build(config);
        var start = new ProcessStartInfo(setpriv)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["--pdeathsig", "KILL", "--", qemu, .. arguments]) start.ArgumentList.Add(argument);

        Process Launch() => ProcessLaunch.StartInheriting(start, inherited);
        var process = ns is null ? Launch() : ns.Run(Launch);
        return new QemuProcess(process, qemu, arguments);
    }

    public void Dispose()
    {
        try
        {
            if (!process.HasExited) process.Kill();
            process.WaitForExit(ExitWait);
        }
        finally
        {
            process.Dispose();
        }
    }

    public override string ToString() => $"qemu pid {Id}: {Binary} {string.Join(' ', Arguments)}";
}
