using Spectre.Console;
using Vnetconf.Guest;
using Vnetconf.Interop;
using Vnetconf.Model;
using Vnetconf.Netmap;
using Vnetconf.Scenarios;

namespace Vnetconf.Cli;

/// <summary>`vnetconf doctor`: what this host can run, what it cannot and why, and the fix for each gap.</summary>
public static class DoctorCommand
{
    private sealed record Check(string Capability, bool Ok, string Finding, string Fix, bool NeededByDefaultRun = false);

    public static int Execute()
    {
        var caps = HostCapabilities.Probe();
        var kernel = KernelVersion.Running;
        var qemu = HostQemuBanner();
        var netmap = NetmapAvailability.Probe();
        var containerGap = Container.ContainerEngine.Available.Gap;
        var agent = GuestAgentBuild.Describe();
        var checks = new[]
        {
            new Check("root", caps.IsRoot, caps.IsRoot ? "running as root" : "not root",
                "run as root (sudo): namespaces, TAPs and AF_PACKET need CAP_NET_ADMIN", NeededByDefaultRun: true),
            new Check("/dev/net/tun", caps.HasTun, caps.HasTun ? "present" : "missing",
                "modprobe tun (CONFIG_TUN); in a container pass --device /dev/net/tun", NeededByDefaultRun: true),
            new Check("kernel", true, $"{KernelVersion.RunningRelease}; USO (TUN_F_USO4/6) {(KernelChanges.Uso.IsIn(kernel) ? "available" : $"needs {KernelChanges.Uso.Since.MajorMinor}+")}", ""),
            new Check("QEMU", qemu is not null, qemu ?? $"{QemuArguments.Binary} not found or not answering --version", "apt-get install qemu-system-x86 (Guest category)"),
            new Check("KVM", File.Exists("/dev/kvm"), File.Exists("/dev/kvm") ? "/dev/kvm present (whether a vCPU runs is probed when a guest boots; else TCG)" : "no /dev/kvm: guests run under TCG (slower)",
                "enable virtualization (or nested virtualization) for this machine"),
            new Check("vhost-net", GuestLab.Vhost.Gap is null, GuestLab.Vhost.Gap is null ? "present: run --vhost compares vhost-net's datapath with QEMU's" : $"run --vhost cannot run: {GuestLab.Vhost.Gap}", "modprobe vhost_net"),
            new Check("guest agent", agent.Path is not null, agent.Finding,
                $"use a vnetconf made by `dotnet publish src/Cli` (it ships the agent), or set {GuestAgentBuild.AgentVariable} to a vnetconf-agent binary (Guest category)"),
            new Check("netmap (host)", netmap.IsAvailable, netmap.Reason,
                $"the host netmap cases need netmap.ko for this kernel; the guest ones --netmap-modules DIR or {NetmapAvailability.GuestModulesOption}"),
            new Check("Docker", containerGap is null,
                containerGap ?? $"engine at {Container.ContainerEngine.Endpoint} with API >= {Container.ContainerEngine.MinimumApiVersion} and the image {Container.ContainerEngine.QemuImage}",
                "setup/container-fixtures (Debian 13's docker.io, started without bridge or iptables, and the QEMU image): the container QEMU stack and the Container category"),
            new Check("tools", Which("ip") && Which("ethtool"), $"ip {(Which("ip") ? "found" : "missing")}, ethtool {(Which("ethtool") ? "found" : "missing")}",
                "apt-get install iproute2 ethtool (the tests' independent oracles)"),
        };

        var table = new Table().AddColumns("capability", "", "finding", "fix");
        foreach (var check in checks)
            table.AddRow(Markup.Escape(check.Capability), check.Ok ? "[green]ok[/]" : check.NeededByDefaultRun ? "[red]missing[/]" : "[yellow]absent[/]",
                Markup.Escape(check.Finding), check.Ok ? "" : Markup.Escape(check.Fix));
        AnsiConsole.Write(table);

        var blocking = checks.Where(c => c.NeededByDefaultRun && !c.Ok).ToArray();
        if (blocking.Length == 0)
        {
            AnsiConsole.MarkupLine("[green]the default run can proceed[/] (host matrices; guest, container and netmap stacks as the rows above say)");
            return ExitCodes.Ok;
        }
        Console.Error.WriteLine($"vnetconf: the default run cannot proceed: {string.Join("; ", blocking.Select(c => $"{c.Capability}: {c.Fix}"))}");
        return ExitCodes.MissingPrerequisite;
    }

    /// <summary>The first line of the host QEMU's --version, or null where it is missing or does not answer.</summary>
    private static string? HostQemuBanner()
    {
        if (ExternalCommand.Find(QemuArguments.Binary) is null) return null;
        try
        {
            return QemuVersion.Host.Banner;
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or FormatException)
        {
            return null;
        }
    }

    private static bool Which(string tool) => ExternalCommand.Find(tool) is not null;
}
