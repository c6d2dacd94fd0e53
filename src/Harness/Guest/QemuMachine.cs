using System.Diagnostics;
using Vnetconf.Links;

namespace Vnetconf.Guest;

/// <summary>
/// A booted lab guest: QEMU with a virtio-net NIC on the lab's TAP, its console log, and the agent channel, ready
/// once the agent has said hello. Disposing it kills QEMU and removes its run directory.
/// </summary>
public sealed class QemuMachine : IDisposable
{
    public static readonly TimeSpan DefaultBootTimeout = TimeSpan.FromSeconds(60);

    private readonly QemuRunDirectory runDirectory;
    private readonly QemuProcess process;

    private QemuMachine(QemuRunDirectory runDirectory, QemuProcess process, QemuConfiguration configuration)
    {
        this.runDirectory = runDirectory;
        this.process = process;
        Configuration = configuration;
    }

    public QemuConfiguration Configuration { get; }
    public AgentClient Agent { get; private set; } = null!;

    /// <summary>The agent's first words: the guest kernel's release and its uptime when it was ready.</summary>
    public AgentHello Hello { get; private set; } = null!;

    /// <summary>From QEMU's start to the agent's hello.</summary>
    public TimeSpan BootTime { get; private set; }

    public string ConsoleLogPath => runDirectory.ConsoleLogPath;
    public QemuProcess Process => process;

    /// <summary>
    /// Boots <paramref name="image"/> with a virtio-net-pci NIC (<paramref name="device"/>) whose backend is
    /// <paramref name="tap"/>, QEMU living in the TAP's namespace; returns once the agent answered, or throws with
    /// the console log and QEMU's errors when it did not within <paramref name="bootTimeout"/> (QEMU is killed then).
    /// <paramref name="extraKernelArguments"/> are appended to the guest kernel's command line. <paramref name="qemu"/>
    /// is the QEMU binary to run; null runs the host's. Each of <paramref name="sideNics"/> is a further NIC on its own TAP
    /// (<see cref="SideNic"/>), whose fd QEMU inherits as it does <paramref name="tap"/>'s.
    /// </summary>
    public static QemuMachine Boot(GuestImage image, Accelerator accelerator, TapDevice tap, VirtioNetDeviceOptions device,
        TimeSpan? bootTimeout = null, bool vhost = false, string extraKernelArguments = "", QemuSpec.Binary? qemu = null,
        IReadOnlyList<(TapDevice Tap, VirtioNetDeviceOptions Device)>? sideNics = null)
    {
        sideNics ??= [];
        var runDirectory = QemuRunDirectory.Create();
        QemuMachine? machine = null;
        try
        {
            var configuration = new QemuConfiguration(image, accelerator, runDirectory.ConsoleLogPath,
                runDirectory.Agent.Path, tap.Fd.Value, device)
            {
                Vhost = vhost,
                ExtraKernelArguments = extraKernelArguments,
                Binary = qemu?.Path ?? QemuArguments.Binary,
                Firmware = qemu?.Firmware,
                SideNics = [.. sideNics.Select(n => new SideNic(n.Tap.Name, n.Device, n.Tap.Fd.Value))],
            };
            var clock = Stopwatch.StartNew();
            machine = new QemuMachine(runDirectory, QemuProcess.Start(configuration, tap.Namespace, [tap.Fd, .. sideNics.Select(n => n.Tap.Fd)]), configuration);
            machine.WaitForAgent(bootTimeout ?? DefaultBootTimeout, clock);
            return machine;
        }
        catch
        {
            if (machine is not null) machine.Dispose();
            else runDirectory.Dispose();
            throw;
        }
    }

    /// <inheritdoc cref="QemuRunDirectory.ConsoleLog"/>
    public string ConsoleLog() => runDirectory.ConsoleLog();

    /// <inheritdoc cref="QemuRunDirectory.ConsoleTail"/>
    public string ConsoleTail(int lines = 40) => runDirectory.ConsoleTail(lines);

    public void Dispose()
    {
        Agent?.Dispose();
        process.Dispose();
        runDirectory.Dispose();
    }

    public override string ToString() => $"guest {Hello?.KernelRelease} ({Configuration.Accelerator}, {Configuration.Device}) {process}";

    private void WaitForAgent(TimeSpan timeout, Stopwatch clock)
    {
        (Agent, Hello) = runDirectory.Agent.WaitForHello(timeout, clock, () => process.HasExited, BootFailure, Evidence);
        BootTime = clock.Elapsed;
    }

    /// <summary>How long a QEMU whose channel closed is given to exit before its state is reported (it is usually exiting).</summary>
    private static readonly TimeSpan ExitGrace = TimeSpan.FromSeconds(2);

    private AgentException BootFailure(string what) => new($"guest boot failed: {what}.\n{process}\n{Evidence()}");

    /// <summary>What a failed boot or cell reports: how QEMU is or ended, what it said, and the guest's last console lines.</summary>
    private string Evidence() =>
        $"{process.StateAfter(ExitGrace)}\nQEMU said: {process.Errors.Trim()}\nConsole ({ConsoleLogPath}):\n{GuestConsole.OrWhyEmpty(ConsoleTail())}";
}
