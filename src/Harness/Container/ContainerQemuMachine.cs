using System.Diagnostics;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;
using DotNet.Testcontainers.Containers;
using Docker.DotNet.Models;
using Vnetconf.Guest;
using Vnetconf.Interop;
using Vnetconf.Links;
using Vnetconf.Model;
using Vnetconf.Scenarios;

namespace Vnetconf.Container;

/// <summary>
/// A lab guest booted by the QEMU of a container image (by default <see cref="ContainerEngine.QemuImage"/>, Debian 13's QEMU)
/// instead of the host's, on the same write-path lab, so the guest-path cells run unchanged on either QEMU:
/// <code>
/// [container netns: QEMU ─ tap0 ─ br0 ─ nic0] ══veth══ [far ns: wire0 ── kernel]
/// </code>
/// The container has no network of its own (network mode none), only NET_ADMIN, NET_RAW and /dev/net/tun (not
/// --privileged). Its entrypoint waits until the harness has adopted the container's network namespace as the
/// lab's stack namespace and built the lab there, with tap0 persistent and released; QEMU then opens tap0 by name.
/// Nothing is created in the host's namespace. The container dies with the harness: on Dispose, and on a SIGKILL
/// through its <see cref="ContainerLifeline"/>; a container that outlived its harness anyway is removed by the next
/// one (<see cref="ContainerEngine.SweepStale"/>).
/// </summary>
public sealed class ContainerQemuMachine : ILabGuest
{
    /// <summary>Where the run directory (console log, agent socket, lifeline, entrypoint) appears in the container.</summary>
    private const string RunMount = "/run/vnetconf";
    private const string KernelMount = "/vnetconf/kernel";
    private const string InitramfsMount = "/vnetconf/initramfs";
    private const string EntrypointFile = "entrypoint.sh";
    private const string GoFile = "go";
    private const string QemuOutputFile = "qemu.log";

    /// <summary>Starting a container is bounded on its own; the guest's boot has its own timeout.</summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// PID 1 of the container. It honours TERM only because it traps it (the kernel drops unhandled signals to a
    /// namespace's init), and when it exits the kernel kills everything else in the container, QEMU included.
    /// </summary>
    private static readonly string Entrypoint = $$"""
        # vnetconf: the container's PID 1; "$@" is the QEMU command line.
        run={{RunMount}}
        trap 'exit 143' TERM
        # The lifeline: the harness holds the FIFO open and never writes, so end-of-file means the harness is gone.
        (cat "$run/{{ContainerLifeline.FileName}}" >/dev/null; kill -TERM $$) &
        # The harness builds the lab in this container's network namespace (tap0 among it), then says go.
        waited=0
        until [ -e "$run/{{GoFile}}" ]; do
          [ "$waited" -lt 1200 ] || { echo "vnetconf: no go from the harness within 120 s" >&2; exit 3; }
          sleep 0.1
          waited=$((waited + 1))
        done
        "$@" >"$run/{{QemuOutputFile}}" 2>&1 &
        wait $!

        """;

    private readonly ContainerEngine engine;
    private readonly QemuRunDirectory runDirectory;
    private readonly ContainerLifeline lifeline;
    private IContainer? container;
    private int firstProcess;

    private ContainerQemuMachine(ContainerEngine engine, QemuRunDirectory runDirectory, ContainerLifeline lifeline,
        QemuConfiguration configuration)
    {
        this.engine = engine;
        this.runDirectory = runDirectory;
        this.lifeline = lifeline;
        Configuration = configuration;
    }

    /// <summary>The QEMU invocation, with the paths as the container sees them.</summary>
    public QemuConfiguration Configuration { get; }

    /// <summary>The write-path lab whose stack namespace is the container's.</summary>
    public HostLab Lab { get; private set; } = null!;

    public AgentClient Agent { get; private set; } = null!;
    public AgentHello Hello { get; private set; } = null!;
    public KernelVersion GuestKernel => KernelVersion.Parse(Hello.KernelRelease);

    /// <summary>From the harness's go to the agent's hello: QEMU's start and the guest's boot, as for a host QEMU.</summary>
    public TimeSpan BootTime { get; private set; }

    /// <summary>The image's <c>qemu-system-x86_64 --version</c> (<see cref="ContainerEngine.QemuVersionOf"/>), for expectations, results and reports.</summary>
    public QemuVersion Qemu { get; private set; } = null!;

    /// <summary>
    /// Read through a copy of QEMU's own fd of the TAP (the lab handed its handles over so QEMU could open the TAPs by
    /// name): TUNGETVNETHDRSZ answers per device, whichever fd asks.
    /// </summary>
    public int? TapHeaderSize(string tapName)
    {
        if (tapName == HostLab.TapName && !Configuration.NamedTap!.VnetHeader) return null;
        var qemu = QemuProcessId();
        var fd = ProcessFileDescriptors.FindTap(qemu, tapName)
                 ?? throw new InvalidOperationException($"QEMU (pid {qemu}) in container {ContainerId} holds no fd of {tapName}");
        using var tap = ProcessFileDescriptors.Borrow(qemu, fd, $"QEMU's {tapName} (pid {qemu} fd {fd})");
        return TapDevice.GetVnetHeaderSize(tap);
    }

    public string ContainerId => container?.Id ?? "";

    public string ConsoleLogPath => runDirectory.ConsoleLogPath;

    /// <summary>
    /// Starts a container of <paramref name="qemu"/>'s image (default: <see cref="ContainerEngine.QemuImage"/>), builds the write-path lab in its network
    /// namespace with tap0 for QEMU's <c>vnet_hdr=</c><paramref name="tapVnetHeader"/>, and boots
    /// <paramref name="image"/> with a virtio-net-pci NIC (<paramref name="device"/>) on it; returns once the agent
    /// answered, or throws with QEMU's output and the console when it did not within <paramref name="bootTimeout"/>
    /// (everything is removed then). Each of <paramref name="sideNics"/> is a further NIC on a TAP of its own, built in
    /// the same namespace and opened by QEMU by name.
    /// </summary>
    /// <exception cref="ContainerEngineUnavailableException">no engine, too old an engine, no image, or no QEMU in it: the message names the fix</exception>
    public static ContainerQemuMachine Boot(GuestImage image, bool tapVnetHeader, VirtioNetDeviceOptions device,
        TimeSpan? bootTimeout = null, Accelerator accelerator = Accelerator.Tcg, QemuSpec.InImage? qemu = null, IReadOnlyList<SideNic>? sideNics = null)
    {
        sideNics ??= [];
        qemu ??= new QemuSpec.Container();
        var engine = ContainerEngine.Connect(qemu);
        QemuRunDirectory? runDirectory = null;
        ContainerQemuMachine? machine = null;
        try
        {
            engine.SweepStale();
            runDirectory = QemuRunDirectory.Create();
            var configuration = new QemuConfiguration(
                image with { BootKernel = KernelMount, Initramfs = InitramfsMount },
                accelerator, $"{RunMount}/{QemuRunDirectory.ConsoleLogName}", $"{RunMount}/{AgentListener.SocketName}", TapFd: null, device)
            {
                NamedTap = new NamedTap(HostLab.TapName, tapVnetHeader),
                SideNics = [.. sideNics.Select(n => n with { TapFd = null })],
            };
            machine = new ContainerQemuMachine(engine, runDirectory, ContainerLifeline.Create(runDirectory.FullName), configuration);
            machine.Qemu = engine.QemuVersionOf(qemu);
            machine.Start(image, qemu.Reference);
            machine.Lab = HostLab.ForWritePath(new TapOptions(tapVnetHeader), new NicOptions(),
                () => NetNamespace.Adopt($"/proc/{machine.firstProcess}/ns/net", "container"));
            foreach (var side in sideNics) machine.Lab.AddSideTap(side.TapName);
            machine.Lab.HandOverTap();
            machine.WaitForAgent(bootTimeout ?? QemuMachine.DefaultBootTimeout);
            GuestAddressing.Configure(machine.Agent);
            return machine;
        }
        catch
        {
            if (machine is not null) machine.Dispose();
            else
            {
                runDirectory?.Dispose();
                engine.Dispose();
            }
            throw;
        }
    }

    /// <summary>The whole kernel console so far.</summary>
    public string ConsoleLog() => runDirectory.ConsoleLog();

    /// <summary>The last <paramref name="lines"/> lines of the console, for error messages.</summary>
    public string ConsoleTail(int lines = 40) => runDirectory.ConsoleTail(lines);

    /// <summary>What QEMU wrote on stdout and stderr (bad properties, a TAP it could not open, …).</summary>
    public string QemuOutput() => GuestConsole.Read(Path.Combine(runDirectory.FullName, QemuOutputFile));

    /// <summary>Ends the agent, the container (QEMU and the container's namespace with tap0, br0 and nic0), then the lab's far end.</summary>
    public void Dispose()
    {
        try
        {
            Agent?.Dispose();
            if (container is not null)
            {
                engine.Remove(container.Id);
                // The container is gone already; this only releases Testcontainers' own client. When AutoRemove was
                // still removing it as Remove returned ("removal already in progress"), Testcontainers saw it and
                // asks for it once more: its NotFound says what Dispose wants, that the container is gone.
                try
                {
                    container.DisposeAsync().AsTask().Wait(StartTimeout);
                }
                catch (AggregateException e) when (e.Flatten().InnerExceptions.All(i => i is Docker.DotNet.DockerApiException { StatusCode: System.Net.HttpStatusCode.NotFound }))
                {
                }
            }
        }
        finally
        {
            // Even when the engine failed us: the far namespace and the fds must go, and the lifeline's close ends
            // a container that could not be removed.
            Lab?.Dispose();
            lifeline.Dispose();
            runDirectory.Dispose();
            engine.Dispose();
        }
    }

    public string Describe() =>
        $"guest {Hello.KernelRelease} booted in {BootTime.TotalSeconds:0.0} s on QEMU {Qemu} in container {ContainerId[..Math.Min(12, ContainerId.Length)]} " +
        $"({Configuration.Accelerator}, vnet_hdr={(Configuration.NamedTap!.VnetHeader ? "on" : "off")}, {Configuration.Device})";

    public override string ToString() =>
        $"guest {Hello?.KernelRelease} on {Qemu?.Banner} in container {ContainerId[..Math.Min(12, ContainerId.Length)]} ({Configuration.Accelerator}, {Configuration.Device})";

    private void Start(GuestImage image, string qemuImage)
    {
        File.WriteAllText(Path.Combine(runDirectory.FullName, EntrypointFile), Entrypoint);
        var builder = ContainerEngine.OwnedContainer(qemuImage)
            .WithBindMount(runDirectory.FullName, RunMount)
            .WithBindMount(image.BootKernel, KernelMount, AccessMode.ReadOnly)
            .WithBindMount(image.Initramfs, InitramfsMount, AccessMode.ReadOnly)
            .WithEntrypoint("/bin/sh", $"{RunMount}/{EntrypointFile}")
            .WithCommand([QemuArguments.Binary, .. QemuArguments.Build(Configuration)])
            .WithCreateParameterModifier(parameters => Confine(parameters.HostConfig ??= new HostConfig(), Configuration.Accelerator));
        container = builder.Build();
        using (var deadline = new CancellationTokenSource(StartTimeout))
            container.StartAsync(deadline.Token).GetAwaiter().GetResult();
        firstProcess = engine.FirstProcessId(container.Id);
    }

    /// <summary>
    /// No network but the lab's, and only the capabilities QEMU's tap backend needs: NET_ADMIN for TUNSETIFF on the
    /// persistent tap0 (drivers/net/tun.c: tun_not_capable), NET_RAW for its sockets, the tun device. /dev/kvm only
    /// for KVM. Not --privileged: it fails on hosts whose bounding set lacks a capability, and it is far more than needed.
    /// </summary>
    private static void Confine(HostConfig host, Accelerator accelerator)
    {
        host.NetworkMode = "none";
        host.CapAdd = ["NET_ADMIN", "NET_RAW"];
        string[] devices = accelerator == Accelerator.Kvm ? [IfTun.DevicePath, AccelerationProbe.KvmDevice] : [IfTun.DevicePath];
        host.Devices = devices.Select(d => new DeviceMapping { PathOnHost = d, PathInContainer = d, CgroupPermissions = "rwm" }).ToList();
    }

    /// <summary>The pid (in the host's pid namespace) of the QEMU the container's entrypoint started.</summary>
    public int QemuProcessId()
    {
        foreach (var stat in Directory.EnumerateDirectories("/proc").Where(d => Path.GetFileName(d).All(char.IsAsciiDigit)).Select(d => Path.Combine(d, "stat")))
        {
            string text;
            try
            {
                text = File.ReadAllText(stat);
            }
            catch (IOException)
            {
                continue; // exited while we looked
            }
            // "pid (comm) state ppid …": comm may hold spaces, so fields are counted after its closing parenthesis.
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            if (fields[1] == firstProcess.ToString(System.Globalization.CultureInfo.InvariantCulture) && text.Contains("(qemu-system", StringComparison.Ordinal))
                return int.Parse(text[..text.IndexOf(' ')], System.Globalization.CultureInfo.InvariantCulture);
        }
        throw new InvalidOperationException($"no QEMU process under the entrypoint (pid {firstProcess}) of container {ContainerId}");
    }

    private void WaitForAgent(TimeSpan timeout)
    {
        File.WriteAllText(Path.Combine(runDirectory.FullName, GoFile), "");
        var clock = Stopwatch.StartNew();
        (Agent, Hello) = runDirectory.Agent.WaitForHello(timeout, clock, () => !Directory.Exists($"/proc/{firstProcess}"), BootFailure, Evidence);
        BootTime = clock.Elapsed;
    }

    private AgentException BootFailure(string what) => new(
        $"guest boot failed on {Qemu?.Banner} in container {ContainerId}: {what}.\n{QemuArguments.Binary} {string.Join(' ', QemuArguments.Build(Configuration))}\n{Evidence()}");

    /// <summary>What a failed boot or cell reports: whether QEMU still runs, what it said, and the guest's last console lines.</summary>
    private string Evidence() =>
        $"QEMU in container {ContainerId} {(Directory.Exists($"/proc/{firstProcess}") ? "is running" : "has exited")}\n" +
        $"QEMU said: {QemuOutput().Trim()}\nConsole ({ConsoleLogPath}):\n{GuestConsole.OrWhyEmpty(ConsoleTail())}";
}
