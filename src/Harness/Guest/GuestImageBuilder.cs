using System.Security.Cryptography;
using System.Text;

namespace Vnetconf.Guest;

/// <summary>
/// Assembles the initramfs: busybox-static and the applets /init uses, the kernel modules the NIC and the tests need
/// (with their dependencies, decompressed), the NativeAOT guest agent with the libraries it links, netmap's modules and
/// pkt-gen when the user gives them, and /init itself.
/// The archive is built in memory (it is deterministic, see <see cref="CpioNewcWriter"/>) and stored under its own
/// SHA-256, so an unchanged input reuses the stored file and a changed one never overwrites another run's image.
/// </summary>
public static class GuestImageBuilder
{
    /// <summary>
    /// virtio-net and its transport, the agent's virtio-serial channel, tun and veth for the in-guest TAP and veth
    /// ports of the host netmap probe, and the bridge with br_netfilter for the host matrices run in a guest (the lab's
    /// TAP, bridge and veth "NIC", as on a host where a bridge's netfilter hooks are registered, as on this suite's
    /// reference host), and vxlan for the far end of the write path's tunnel cells. Debian's cloud kernels build them as
    /// modules; a kernel with them built in needs none.
    /// </summary>
    public static readonly IReadOnlyList<string> DefaultModules = ["virtio_pci", "virtio_net", "virtio_console", "tun", "veth", "bridge", "br_netfilter", "vxlan"];

    public const string BusyboxPath = "/bin/busybox";
    public const string AgentPathInGuest = "/agent/vnetconf-agent";

    /// <summary>What /init prints on the console just before it starts the agent: the boot's last step.</summary>
    public const string AgentStartLine = "vnetconf-init: modules loaded, starting the agent";

    /// <summary>The busybox applets /init and a person debugging the console use; each is a link to /bin/busybox.</summary>
    private static readonly string[] Applets = ["sh", "mount", "insmod", "poweroff", "cat", "echo", "ls", "ip", "dmesg", "sleep"];

    /// <param name="entry">how QEMU enters <paramref name="kernel"/> (<see cref="PvhKernel.EntryOf"/>), found once per kernel</param>
    /// <param name="netmap">user-supplied netmap modules to carry and load (<see cref="NetmapGuestModules"/>), or none</param>
    public static GuestImage Build(GuestKernel kernel, (string BootKernel, string Entry) entry, string agentBinary, string cacheDirectory, IReadOnlyList<string>? modules = null,
        NetmapGuestModules? netmap = null)
    {
        if (!File.Exists(BusyboxPath))
            throw new InvalidOperationException($"no {BusyboxPath}: install busybox-static (setup/guest-fixtures does)");
        if (SharedLibraries.Of(BusyboxPath).Count > 0)
            throw new InvalidOperationException($"{BusyboxPath} is dynamically linked: install busybox-static, whose busybox runs without a libc");
        if (!File.Exists(agentBinary)) throw new InvalidOperationException($"no guest agent binary at {agentBinary}");

        var tree = new KernelModuleTree(kernel.ModulesDirectory);
        var order = tree.ResolveLoadOrder(modules ?? DefaultModules);

        using var archive = new MemoryStream();
        using (var cpio = new CpioNewcWriter(archive, leaveOpen: true))
        {
            foreach (var dir in new[] { "bin", "sbin", "dev", "proc", "sys", "tmp", "modules", "agent" }) cpio.AddDirectory(dir);
            cpio.AddFile("bin/busybox", File.ReadAllBytes(BusyboxPath), 0x1ED);
            foreach (var applet in Applets) cpio.AddSymlink($"bin/{applet}", "busybox");
            foreach (var module in order)
                cpio.AddFile($"modules/{module.PlainFileName}", IsReplacedByNetmap(module, netmap) ? File.ReadAllBytes(netmap!.PatchedDriverPath!) : KernelModuleTree.ReadPlain(module));
            if (netmap is not null) cpio.AddFile($"modules/{NetmapGuestModules.CoreFileName}", File.ReadAllBytes(netmap.CorePath));
            // The user's pkt-gen of the same build, which the netmap RX/TX cells run beside the agent (NetmapPktGenProbe).
            if (netmap?.Tools is { } tools) AddWithParents(cpio, NetmapTools.PktGenPathInGuest, File.ReadAllBytes(tools.PktGenPath), 0x1ED);
            AddWithParents(cpio, AgentPathInGuest, File.ReadAllBytes(agentBinary), 0x1ED);
            foreach (var library in SharedLibraries.Of(agentBinary))
                AddWithParents(cpio, library, File.ReadAllBytes(library), 0x1ED); // follows symlinks: the loader wants the file
            cpio.AddFile("init", Encoding.ASCII.GetBytes(InitScript(order, netmap)), 0x1ED);
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(archive.GetBuffer().AsSpan(0, (int)archive.Length)));
        var directory = Path.Combine(cacheDirectory, "images", hash);
        var initramfs = Path.Combine(directory, "initramfs.cpio");
        if (!File.Exists(initramfs)) CacheFile.Write(initramfs, archive.GetBuffer().AsSpan(0, (int)archive.Length));
        return new GuestImage(kernel, initramfs, order.Select(m => m.Name).Concat(netmap is null ? [] : ["netmap"]).ToList(), entry.BootKernel, entry.Entry);
    }

    /// <summary>
    /// PID 1: mounts what the agent and the tests read (devtmpfs is not automatic in these kernels), loads the
    /// modules in dependency order, runs the agent, and powers off when it ends, so QEMU (-no-reboot) exits.
    /// netmap.ko, when given, is loaded just before virtio_net: netmap's patched driver needs its symbols, and the
    /// stock driver does not care (the emulated adapter attaches at REGISTER, not at load).
    /// </summary>
    public static string InitScript(IReadOnlyList<KernelModule> order, NetmapGuestModules? netmap = null)
    {
        var script = new StringBuilder();
        script.Append("#!/bin/busybox sh\n");
        script.Append("export PATH=/bin\n");
        script.Append("mount -t proc proc /proc\nmount -t sysfs sysfs /sys\nmount -t devtmpfs devtmpfs /dev\nmount -t tmpfs tmpfs /tmp\n");
        var netmapLoaded = netmap is null;
        foreach (var module in order)
        {
            if (!netmapLoaded && module.Name == NetmapDriverName)
            {
                AppendNetmapInsmod(script, netmap!);
                netmapLoaded = true;
            }
            script.Append($"insmod /modules/{module.PlainFileName} || echo \"vnetconf-init: insmod {module.Name} failed\"\n");
        }
        if (!netmapLoaded) AppendNetmapInsmod(script, netmap!);
        script.Append($"echo \"{AgentStartLine}\"\n");
        script.Append($"{AgentPathInGuest}\n");
        script.Append("echo \"vnetconf-init: the agent exited with $?\"\n");
        script.Append("poweroff -f\n");
        return script.ToString();
    }

    /// <summary>The driver netmap's patched module replaces.</summary>
    private const string NetmapDriverName = "virtio_net";

    private static bool IsReplacedByNetmap(KernelModule module, NetmapGuestModules? netmap) =>
        module.Name == NetmapDriverName && netmap?.PatchedDriverPath is not null;

    private static void AppendNetmapInsmod(StringBuilder script, NetmapGuestModules netmap) =>
        script.Append($"insmod /modules/{NetmapGuestModules.CoreFileName} {netmap.Parameters} || echo \"vnetconf-init: insmod netmap failed\"\n");

    private static void AddWithParents(CpioNewcWriter cpio, string path, byte[] content, int permissions)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 1; i < parts.Length; i++)
        {
            var parent = string.Join('/', parts[..i]);
            if (!cpio.Contains(parent)) cpio.AddDirectory(parent);
        }
        cpio.AddFile(path, content, permissions);
    }
}
