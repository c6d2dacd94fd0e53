using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Vnetconf.Interop;
using Vnetconf.Interop.Ethtool;
using static Tmds.Linux.LibC;
using static Vnetconf.Interop.Ethtool.LinuxEthtool;
using static Vnetconf.Interop.LinuxSockios;

namespace Vnetconf.Links;

/// <summary>
/// Offload features and driver identity of the devices of one namespace, over the SIOCETHTOOL ioctl on a socket
/// opened inside it (the ioctl finds the device in the socket's namespace).
/// <para>
/// The ioctl path is flat structs, no nesting and no family lookup, and gives everything the suite needs; features
/// are read and set by their kernel names, because bit positions change between kernels. Setting passes
/// <see cref="NamespaceGuard"/> first.
/// </para>
/// </summary>
public sealed class Ethtool : IDisposable
{
    private readonly FileDescriptor socket;

    private Ethtool(NetNamespace ns, FileDescriptor socket)
    {
        Namespace = ns;
        this.socket = socket;
    }

    /// <summary>Opens the AF_INET datagram socket the ioctls go through, inside <paramref name="ns"/>.</summary>
    public static Ethtool Open(NetNamespace ns) =>
        new(ns, ns.Run(() => FileDescriptor.FromResult(
            socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), "socket(AF_INET, SOCK_DGRAM)", $"ethtool socket in {ns.Name}")));

    public NetNamespace Namespace { get; }

    /// <summary>ETHTOOL_GDRVINFO: driver name, its version and bus address.</summary>
    public unsafe EthtoolDriverInfo GetDriverInfo(string ifname)
    {
        var info = new ethtool_drvinfo { cmd = ETHTOOL_GDRVINFO };
        Ioctl(ifname, new Span<byte>(&info, sizeof(ethtool_drvinfo)), "ETHTOOL_GDRVINFO");
        return new EthtoolDriverInfo(
            NativeText.UntilNul(new ReadOnlySpan<byte>(info.driver, 32)),
            NativeText.UntilNul(new ReadOnlySpan<byte>(info.version, 32)),
            NativeText.UntilNul(new ReadOnlySpan<byte>(info.bus_info, 32)));
    }

    /// <summary>The driver's name (ETHTOOL_GDRVINFO), e.g. "veth".</summary>
    public string GetDriverName(string ifname) => GetDriverInfo(ifname).Driver;

    /// <summary>
    /// Every feature bit of the device by name: ETHTOOL_GSSET_INFO for the count, ETHTOOL_GSTRINGS(ETH_SS_FEATURES)
    /// for the names, ETHTOOL_GFEATURES for available/requested/active/never-changed.
    /// </summary>
    public EthtoolFeatures GetFeatures(string ifname)
    {
        var count = FeatureCount(ifname);
        return new EthtoolFeatures(FeatureNames(ifname, count), FeatureStates(ifname, count));
    }

    /// <summary>
    /// Turns features on or off with one ETHTOOL_SFEATURES, resolving each name to its bit on this kernel.
    /// </summary>
    /// <param name="ifname">the device</param>
    /// <param name="wanted">
    /// kernel feature names ("tx-checksum-ip-generic") or ethtool's group names (<see cref="EthtoolFeatureGroups"/>,
    /// e.g. "tx-checksumming"), each with on (true) or off. A group sets those of its features this device can change,
    /// as <c>ethtool -K</c> does; if it can change none, they are all sent, and the kernel answers
    /// <see cref="EthtoolSetResult.Unsupported"/>. A kernel name is sent as it is, changeable or not.
    /// </param>
    /// <returns>the kernel's positive answer: what it did not do as asked; <see cref="EthtoolSetResult.None"/> when it did all</returns>
    /// <exception cref="ArgumentException">a name is neither a feature of this kernel nor a group, or one bit is asked both on and off</exception>
    public EthtoolSetResult SetFeatures(string ifname, IReadOnlyDictionary<string, bool> wanted)
    {
        var description = string.Join(", ", wanted.Select(pair => $"{pair.Key} {(pair.Value ? "on" : "off")}"));
        NamespaceGuard.EnsureMayModify(Namespace, $"ETHTOOL_SFEATURES({description})", ifname);

        var features = GetFeatures(ifname);
        var bits = Resolve(features, wanted, ifname);

        var blockCount = features.BlockCount;
        var command = new byte[Unsafe.SizeOf<ethtool_sfeatures>() + blockCount * Unsafe.SizeOf<ethtool_set_features_block>()];
        MemoryMarshal.Write(command, new ethtool_sfeatures { cmd = ETHTOOL_SFEATURES, size = (uint)blockCount });
        var blocks = MemoryMarshal.Cast<byte, ethtool_set_features_block>(command.AsSpan(Unsafe.SizeOf<ethtool_sfeatures>()));
        foreach (var (bit, on) in bits)
        {
            var mask = 1u << (bit % 32);
            blocks[bit / 32].valid |= mask;
            if (on) blocks[bit / 32].requested |= mask;
        }

        return (EthtoolSetResult)Ioctl(ifname, command, $"ETHTOOL_SFEATURES({description})");
    }

    public void Dispose() => socket.Dispose();

    private static Dictionary<int, bool> Resolve(EthtoolFeatures features, IReadOnlyDictionary<string, bool> wanted, string ifname)
    {
        var bits = new Dictionary<int, bool>();
        var askedBy = new Dictionary<int, string>();
        foreach (var (name, on) in wanted)
        {
            foreach (var feature in Expand(features, name, ifname))
            {
                var bit = features.IndexOf(feature);
                if (bits.TryGetValue(bit, out var earlier) && earlier != on)
                    throw new ArgumentException($"'{feature}' is asked both on and off (by '{askedBy[bit]}' and '{name}')", nameof(wanted));
                bits[bit] = on;
                askedBy[bit] = name;
            }
        }
        return bits;
    }

    private static IReadOnlyList<string> Expand(EthtoolFeatures features, string name, string ifname)
    {
        if (features.ContainsKey(name)) return [name];
        if (!EthtoolFeatureGroups.Patterns.ContainsKey(name))
            throw new ArgumentException(
                $"unknown feature '{name}' on {ifname}: neither a feature name of this kernel (ETH_SS_FEATURES) nor an ethtool group name", nameof(name));
        var members = EthtoolFeatureGroups.Members(name, features.Names);
        if (members.Count == 0)
            throw new ArgumentException($"the ethtool group '{name}' stands for no feature of this kernel", nameof(name));
        var changeable = members.Where(member => !features[member].IsFixed).ToList();
        return changeable.Count > 0 ? changeable : members;
    }

    private int FeatureCount(string ifname)
    {
        var command = new byte[Unsafe.SizeOf<ethtool_sset_info>() + sizeof(uint)];
        MemoryMarshal.Write(command, new ethtool_sset_info { cmd = ETHTOOL_GSSET_INFO, sset_mask = 1UL << (int)ETH_SS_FEATURES });
        Ioctl(ifname, command, "ETHTOOL_GSSET_INFO(ETH_SS_FEATURES)");
        // The kernel clears the mask bits of the sets it has no count for, and then writes no count for them.
        if ((MemoryMarshal.Read<ethtool_sset_info>(command).sset_mask & (1UL << (int)ETH_SS_FEATURES)) == 0)
            throw new SyscallException("SIOCETHTOOL(ETHTOOL_GSSET_INFO(ETH_SS_FEATURES))", Where(ifname), EOPNOTSUPP, "no ETH_SS_FEATURES string set");
        return (int)MemoryMarshal.Read<uint>(command.AsSpan(Unsafe.SizeOf<ethtool_sset_info>()));
    }

    private string[] FeatureNames(string ifname, int count)
    {
        var header = Unsafe.SizeOf<ethtool_gstrings>();
        var command = new byte[header + count * ETH_GSTRING_LEN];
        MemoryMarshal.Write(command, new ethtool_gstrings { cmd = ETHTOOL_GSTRINGS, string_set = ETH_SS_FEATURES, len = (uint)count });
        Ioctl(ifname, command, "ETHTOOL_GSTRINGS(ETH_SS_FEATURES)");
        return Enumerable.Range(0, count)
            .Select(i => NativeText.UntilNul(command.AsSpan(header + i * ETH_GSTRING_LEN, ETH_GSTRING_LEN)))
            .ToArray();
    }

    private EthtoolFeatureState[] FeatureStates(string ifname, int count)
    {
        var blockCount = (count + 31) / 32;
        var header = Unsafe.SizeOf<ethtool_gfeatures>();
        var command = new byte[header + blockCount * Unsafe.SizeOf<ethtool_get_features_block>()];
        MemoryMarshal.Write(command, new ethtool_gfeatures { cmd = ETHTOOL_GFEATURES, size = (uint)blockCount });
        Ioctl(ifname, command, "ETHTOOL_GFEATURES");
        var blocks = MemoryMarshal.Cast<byte, ethtool_get_features_block>(command.AsSpan(header));
        var states = new EthtoolFeatureState[count];
        for (var bit = 0; bit < count; bit++)
        {
            var block = blocks[bit / 32];
            var mask = 1u << (bit % 32);
            states[bit] = new EthtoolFeatureState(
                (block.available & mask) != 0, (block.requested & mask) != 0, (block.active & mask) != 0, (block.never_changed & mask) != 0);
        }
        return states;
    }

    /// <summary>SIOCETHTOOL with <paramref name="command"/> as ifr_data; returns the ioctl's non-negative result.</summary>
    private unsafe int Ioctl(string ifname, Span<byte> command, string commandName)
    {
        var request = IfReq.ForName(ifname);
        fixed (byte* data = command)
        {
            request.Data = data;
            return Errno.Check(ioctl(socket.Value, SIOCETHTOOL, &request), $"SIOCETHTOOL({commandName})", Where(ifname));
        }
    }

    private string Where(string ifname) => $"{ifname} in {Namespace.Name}";

}
