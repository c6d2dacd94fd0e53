namespace Vnetconf.Model;

/// <summary>
/// The names under which a run records what it was measured on. Those in <see cref="Versions"/> tell two runs'
/// stacks apart (and, in a fleet, their nodes), so a comparison heads its columns with them.
/// </summary>
public static class EnvironmentKeys
{
    public const string HostKernel = "host kernel";
    public const string HostOs = "host os";
    public const string GuestKernel = "guest kernel";

    /// <summary>How QEMU entered the guest kernel: through its PVH entry (the vmlinux, decompressed once) or as the bzImage, and why.</summary>
    public const string GuestKernelEntry = "guest kernel entry";
    public const string Qemu = "QEMU";
    public const string Accelerator = "accelerator";
    public const string Netmap = "netmap";

    /// <summary>The nr_version range the guest's netmap accepted (its NETMAP_MIN_API..NETMAP_MAX_API).</summary>
    public const string NetmapApi = "netmap API";

    /// <summary>The label the user gave a netmap build (--netmap-modules DIR,label=TEXT).</summary>
    public const string NetmapLabel = "netmap label";

    /// <summary>
    /// The build's pkt-gen that cross-checked the netmap RX/TX cells ("sha256 …"), or why none did and how to give one
    /// (--netmap-modules DIR,tools=DIR).
    /// </summary>
    public const string NetmapPktGen = "netmap pkt-gen";

    /// <summary>One identifying field of one netmap module ("netmap netmap.ko sha256").</summary>
    public static string NetmapModule(string fileName, string field) => $"netmap {fileName} {field}";

    /// <summary>Where the host matrices ran: this host's live kernel, or a guest booted on the kernel under test.</summary>
    public const string HostMatricesRanOn = "host matrices ran on";

    /// <summary>The user namespace the run ran in: "initial", or its own (in the vnetconf image), which a few answers depend on.</summary>
    public const string UserNamespace = "user namespace";

    /// <summary>The machine a run ran on when it was given a name (a Kubernetes node: see <see cref="NodeNameVariable"/>).</summary>
    public const string Node = "node";

    /// <summary>Where a fleet member learns its node's name (the DaemonSet sets it from the downward API's spec.nodeName).</summary>
    public const string NodeNameVariable = "VNETCONF_NODE_NAME";

    /// <summary>How long the guest of a backend took from QEMU's start to the agent's hello.</summary>
    public static string GuestBoot(string backendId) => $"{GuestBootPrefix}{backendId})";

    /// <summary>Whether <paramref name="key"/> is a <see cref="GuestBoot"/> key: a run's boots are counted by it.</summary>
    public static bool IsGuestBoot(string key) => key.StartsWith(GuestBootPrefix, StringComparison.Ordinal);

    private const string GuestBootPrefix = "guest boot (";

    /// <summary>Who moves a guest's frames between the TAP and its rings: recorded as "vhost-net" for a stack run with vhost=on.</summary>
    public const string Datapath = "datapath";

    public static IReadOnlyList<string> Versions { get; } = [Node, HostKernel, GuestKernel, Qemu, Datapath, Netmap, NetmapApi];

    /// <summary>The versions <paramref name="environment"/> records, in one line ("host kernel 6.18.44 · QEMU 7.2.22 …").</summary>
    public static string VersionLine(IReadOnlyDictionary<string, string> environment) =>
        string.Join(" · ", Versions.Where(environment.ContainsKey).Select(k => $"{k} {environment[k]}"));
}
