using System.Numerics;
using Vnetconf.Interop;
using Vnetconf.Links;
using Vnetconf.Model;

namespace Vnetconf.Scenarios;

/// <summary>
/// The tun driver's ioctl contract as drivers/net/tun.c and tun_vnet.h implement it and QEMU relies on it: what
/// TUNGETFEATURES, TUNSETIFF, TUNSETOFFLOAD, the vnet header size and endianness calls, TUNSETQUEUE and TUNSETPERSIST
/// answer. An answer is "accepted" or the errno's name; what a call leaves behind is read back with the matching GET.
/// </summary>
internal static class TunContract
{
    public const string Answer = "answer";
    public const string ReadsBack = "reads back";
    public const string Accepted = Contract.Accepted;

    private const string Tun = "drivers/net/tun.c";
    private const string TunVnet = "drivers/net/tun_vnet.h: tun_vnet_ioctl";
    private const TunFlags Tap = TunFlags.IFF_TAP | TunFlags.IFF_NO_PI;

    /// <summary>
    /// TUNSETOFFLOAD arguments worth an entry of their own, each with its answer stated as data (not derived from the model).
    /// Declared before <see cref="All"/>: static initialisers run in the order they are written.
    /// </summary>
    private static readonly (string Key, string Title, TunOffloads Offloads, bool Accepted, string Reason)[] NamedOffloads =
    [
        ("tso4-without-csum", "rejects TSO4 without CSUM", TunOffloads.TUN_F_TSO4, false, "TSO4 is claimed only inside CSUM"),
        ("ecn-without-tso", "rejects TSO_ECN without TSO4 or TSO6", TunOffloads.TUN_F_CSUM | TunOffloads.TUN_F_TSO_ECN, false, "TSO_ECN is claimed only with TSO4 or TSO6"),
        ("ufo-without-csum", "rejects UFO without CSUM", TunOffloads.TUN_F_UFO, false, "UFO is claimed only inside CSUM"),
        ("csum-ufo", "accepts UFO inside CSUM and ignores it", TunOffloads.TUN_F_CSUM | TunOffloads.TUN_F_UFO, true, "UFO is claimed, and sets no feature, since UFO left the kernel"),
        ("uso4-without-uso6", "rejects USO4 without USO6", TunOffloads.TUN_F_CSUM | TunOffloads.TUN_F_USO4, false,
            "USO4 is claimed only together with USO6 (Linux 6.2+); before 6.2, USO4 is an unknown bit"),
        ("csum-tso-ecn", "accepts CSUM with TSO4, TSO6 and ECN", TunOffloads.TUN_F_CSUM | TunOffloads.TUN_F_TSO4 | TunOffloads.TUN_F_TSO6 | TunOffloads.TUN_F_TSO_ECN, true,
            "every bit is claimed: the offloads QEMU asks for a virtio-net guest with TSO"),
        ("unknown-bit", "rejects an unknown bit", (TunOffloads)0x200, false, "a bit no kernel knows is never claimed"),
    ];

    /// <summary>Every entry, in the order the report lists them.</summary>
    public static IReadOnlyList<ContractEntry> All { get; } =
    [
        new(HostMatrix.TunContract, "features-before-setiff", "TUNGETFEATURES answers before TUNSETIFF with the driver's TUN_FEATURES",
            kernel => new Expectation().Add("features", Words(Features(kernel)),
                "__tun_chr_ioctl answers TUNGETFEATURES with IFF_TUN | IFF_TAP | TUN_FEATURES before it looks for a device",
                $"{Tun}: __tun_chr_ioctl", KernelChanges.TunNoCarrier.SideOf(kernel)),
            ns =>
            {
                using var fd = TapDevice.OpenUnattached(ns);
                return Contract.Observed(("features", Words(TapDevice.GetFeatures(fd))));
            }),
        .. new[] { IfTun.TUNSETOFFLOAD, IfTun.TUNGETVNETHDRSZ, IfTun.TUNSETVNETHDRSZ, IfTun.TUNGETIFF, IfTun.TUNSETPERSIST, IfTun.TUNSETVNETLE }
            .Select(request => new ContractEntry(HostMatrix.TunContract, $"before-setiff.{IfTun.Name(request).ToLowerInvariant()}",
                $"{IfTun.Name(request)} before TUNSETIFF fails with EBADFD",
                _ => Contract.Documented(Answer, "EBADFD", "a device ioctl on a file with no device attached: \"tun = tun_get(tfile); ret = -EBADFD; if (!tun) goto unlock\"",
                    $"{Tun}: __tun_chr_ioctl"),
                ns => Contract.Observed((Answer, BeforeSetIff(ns, request))))),
        new(HostMatrix.TunContract, "setoffload.model", "TUNSETOFFLOAD accepts exactly the bit patterns set_offload claims, for all 512 of them",
            _ => Contract.Documented("patterns answered otherwise", "none",
                "TunOffloadRules models set_offload for this kernel's version: which bits it claims, and that one bit left unclaimed is EINVAL",
                "drivers/net/tun.c: set_offload"),
            Every512OffloadPattern),
        .. NamedOffloads.Select(named => new ContractEntry(HostMatrix.TunContract, $"setoffload.{named.Key}", $"TUNSETOFFLOAD {named.Title}",
            _ => Contract.Documented(Answer, named.Accepted ? Accepted : "EINVAL", named.Reason, "drivers/net/tun.c: set_offload"),
            ns => Contract.Observed((Answer, OnTap(ns, Tap | TunFlags.IFF_VNET_HDR, tap => tap.SetOffload(named.Offloads)))))),
        new(HostMatrix.TunContract, "setoffload.without-vnet-hdr", "TUNSETOFFLOAD works on a TAP without IFF_VNET_HDR too",
            _ => Contract.Documented(Answer, Accepted, "set_offload never looks at IFF_VNET_HDR: the hazard of partial checksums with no header to say so starts here",
                "drivers/net/tun.c: set_offload"),
            ns => Contract.Observed((Answer, OnTap(ns, Tap, tap => tap.SetOffload(TunOffloads.TUN_F_CSUM | TunOffloads.TUN_F_TSO4))))),
        new(HostMatrix.TunContract, "vnethdrsz.default", "TUNGETVNETHDRSZ starts at the 10-byte legacy header",
            _ => Contract.Documented(ReadsBack, "10", "tun_chr_open: \"tfile->vnet_hdr_sz = sizeof(struct virtio_net_hdr)\"", $"{Tun}: tun_chr_open"),
            ns => Contract.Observed((ReadsBack, WithTap(ns, Tap | TunFlags.IFF_VNET_HDR, tap => tap.VnetHeaderSize.ToString(System.Globalization.CultureInfo.InvariantCulture))))),
        .. new[] { 0, 9, -1 }.Select(size => new ContractEntry(HostMatrix.TunContract, $"vnethdrsz.set-{Sized(size)}", $"TUNSETVNETHDRSZ {size} fails with EINVAL and leaves 10",
            _ => new Expectation()
                .Add(Answer, "EINVAL", "\"if (s < (int)sizeof(struct virtio_net_hdr)) return -EINVAL;\"", TunVnet)
                .Add(ReadsBack, "10", "a refused size leaves the header size as it was", TunVnet),
            ns => HeaderSizeSet(ns, Tap | TunFlags.IFF_VNET_HDR, size))),
        .. new[] { 10, 12, 20, 1000 }.Select(size => new ContractEntry(HostMatrix.TunContract, $"vnethdrsz.set-{size}", $"TUNSETVNETHDRSZ {size} is accepted and reads back",
            _ => new Expectation()
                .Add(Answer, Accepted, "any size from sizeof(struct virtio_net_hdr) up is stored", TunVnet)
                .Add(ReadsBack, size.ToString(System.Globalization.CultureInfo.InvariantCulture), "TUNGETVNETHDRSZ returns what was stored", TunVnet),
            ns => HeaderSizeSet(ns, Tap | TunFlags.IFF_VNET_HDR, size))),
        new(HostMatrix.TunContract, "vnethdrsz.without-vnet-hdr", "TUNSETVNETHDRSZ is accepted on a TAP without IFF_VNET_HDR",
            _ => new Expectation()
                .Add(Answer, Accepted, "tun_vnet_ioctl does not look at IFF_VNET_HDR", TunVnet)
                .Add(ReadsBack, "12", "TUNGETVNETHDRSZ returns what was stored", TunVnet),
            ns => HeaderSizeSet(ns, Tap, 12)),
        new(HostMatrix.TunContract, "vnetle", "TUNSETVNETLE is accepted and reads back",
            _ => new Expectation()
                .Add("new queue", "off", "a new queue has no forced endianness", TunVnet)
                .Add("after on", "on", "TUNSETVNETLE stores the flag and TUNGETVNETLE returns it", TunVnet)
                .Add("after off", "off", "TUNSETVNETLE stores the flag and TUNGETVNETLE returns it", TunVnet),
            VnetLittleEndian),
        new(HostMatrix.TunContract, "vnetbe", "TUNSETVNETBE and TUNGETVNETBE are compiled in or out together",
            // Debian's x86 kernels build without CONFIG_TUN_VNET_CROSS_LE, where both are EINVAL; a kernel built with it
            // accepts both and reads back what was set. Either is as documented; SET and GET disagreeing is not.
            _ => Contract.Documented("SET and GET", "agree", "tun_vnet_set_be and tun_vnet_get_be are both -EINVAL without CONFIG_TUN_VNET_CROSS_LE, both work with it",
                "drivers/net/tun_vnet.h: tun_vnet_set_be, tun_vnet_get_be"),
            VnetBigEndian),
        new(HostMatrix.TunContract, "getiff.plain-tap", "TUNGETIFF reports IFF_NOFILTER, which reads as IFF_NO_PI, on a plain TAP",
            _ => Contract.Documented("flags", Words(TunFlags.IFF_TAP | TunFlags.IFF_NO_PI),
                "tun_get_iff ORs in IFF_NOFILTER (0x1000, the bit of IFF_NO_PI) when no filter is attached", $"{Tun}: tun_get_iff"),
            ns => Contract.Observed(("flags", WithTap(ns, TunFlags.IFF_TAP, tap => Words(tap.GetInterfaceFlags()))))),
        new(HostMatrix.TunContract, "getiff.vnet-hdr", "TUNGETIFF reports IFF_VNET_HDR as QEMU probes it",
            _ => Contract.Documented("IFF_VNET_HDR", "set", "QEMU's tap_probe_vnet_hdr for -netdev tap,fd= is \"TUNGETIFF & IFF_VNET_HDR\"", $"{Tun}: tun_get_iff"),
            ns => Contract.Observed(("IFF_VNET_HDR", WithTap(ns, Tap | TunFlags.IFF_VNET_HDR, tap => tap.GetInterfaceFlags().HasFlag(TunFlags.IFF_VNET_HDR) ? "set" : "clear")))),
        new(HostMatrix.TunContract, "setiff.twice", "TUNSETIFF twice on one file fails with EEXIST",
            _ => Contract.Documented(Answer, "EEXIST", "a file already attached to a device: __tun_chr_ioctl answers TUNSETIFF with -EEXIST", $"{Tun}: __tun_chr_ioctl"),
            ns => Contract.Observed((Answer, OnTap(ns, Tap, tap => Reattach(tap.Fd, "vt1", Tap))))),
        new(HostMatrix.TunContract, "setiff.neither-tun-nor-tap", "TUNSETIFF without TUN or TAP fails with EINVAL",
            _ => Contract.Documented(Answer, "EINVAL", "tun_set_iff: a device type must be asked for", $"{Tun}: tun_set_iff"),
            ns => Contract.Observed((Answer, Create(ns, TunFlags.IFF_NO_PI)))),
        new(HostMatrix.TunContract, "setiff.napi-frags-without-napi", "TUNSETIFF with NAPI_FRAGS but not NAPI fails with EINVAL (EPERM in a user namespace)",
            // capable() asks the initial user namespace: a run in a namespace of its own (the image) has CAP_NET_ADMIN only there.
            _ => UserNamespace.IsInitial
                ? Contract.Documented(Answer, "EINVAL", "tun_set_iff, for IFF_NAPI_FRAGS: capable(CAP_NET_ADMIN) holds (this run is in the initial user namespace), " +
                    "then \"if (!(ifr->ifr_flags & IFF_NAPI) || (ifr->ifr_flags & TUN_TYPE_MASK) != IFF_TAP) return -EINVAL\"", $"{Tun}: tun_set_iff")
                : Contract.Documented(Answer, "EPERM", "tun_set_iff, for IFF_NAPI_FRAGS: \"if (!capable(CAP_NET_ADMIN)) return -EPERM\" before the flags are looked at, " +
                    "and capable() asks the initial user namespace, where this run (in a user namespace of its own) has no CAP_NET_ADMIN; EINVAL in the initial one", $"{Tun}: tun_set_iff"),
            ns => Contract.Observed((Answer, Create(ns, TunFlags.IFF_TAP | TunFlags.IFF_NAPI_FRAGS)))),
        new(HostMatrix.TunContract, "setiff.tun-and-tap", "TUNSETIFF with both TUN and TAP makes a TUN device",
            _ => Contract.Documented("device", "TUN", "tun_set_iff tests IFF_TUN before IFF_TAP", $"{Tun}: tun_set_iff"),
            ns => Contract.Observed(("device", WithTap(ns, TunFlags.IFF_TUN | TunFlags.IFF_TAP | TunFlags.IFF_NO_PI,
                tap => tap.GetInterfaceFlags() is var flags && flags.HasFlag(TunFlags.IFF_TUN) && !flags.HasFlag(TunFlags.IFF_TAP) ? "TUN" : Words(flags))))),
        new(HostMatrix.TunContract, "setiff.second-file-single-queue", "A second file on a single-queue TAP fails with EBUSY",
            _ => Contract.Documented(Answer, "EBUSY", "tun_attach: \"if (!(tun->flags & IFF_MULTI_QUEUE) && tun->numqueues == 1) return -EBUSY\"", $"{Tun}: tun_attach"),
            ns => Contract.Observed((Answer, OnTap(ns, Tap, _ => TapDevice.Create(ns, "vt0", Tap).Dispose())))),
        new(HostMatrix.TunContract, "setiff.excl-on-existing", "TUNSETIFF with TUN_EXCL on an existing device fails with EBUSY",
            _ => Contract.Documented(Answer, "EBUSY", "tun_set_iff: \"if (ifr->ifr_flags & IFF_TUN_EXCL) return -EBUSY\" when the device exists", $"{Tun}: tun_set_iff"),
            ns => Contract.Observed((Answer, OnTap(ns, Tap | TunFlags.IFF_MULTI_QUEUE, _ => TapDevice.Create(ns, "vt0", Tap | TunFlags.IFF_MULTI_QUEUE | TunFlags.IFF_TUN_EXCL).Dispose())))),
        new(HostMatrix.TunContract, "setpersist.survives-its-file", "A persistent TAP survives its file and is attached to again",
            _ => Contract.Documented("attached again", "yes", "TUNSETPERSIST keeps the device when its last file closes; the next TUNSETIFF of its name attaches to it",
                $"{Tun}: tun_set_persist, tun_set_iff"),
            PersistentTap),
        new(HostMatrix.TunContract, "setqueue.single-queue", "TUNSETQUEUE on a single-queue TAP fails with EINVAL",
            _ => Contract.Documented(Answer, "EINVAL", "tun_set_queue: \"if (!(tun->flags & IFF_MULTI_QUEUE)) ... ret = -EINVAL\"", $"{Tun}: tun_set_queue"),
            ns => Contract.Observed((Answer, OnTap(ns, Tap, tap => tap.SetQueue(TunFlags.IFF_DETACH_QUEUE))))),
        new(HostMatrix.TunContract, "setqueue.detach-attach", "TUNSETQUEUE detaches and reattaches a multi-queue file, but not twice",
            _ => new Expectation()
                .Add("detach", Accepted, "tun_set_queue detaches an attached queue", $"{Tun}: tun_set_queue")
                .Add("TUNGETIFF after detach", "IFF_DETACH_QUEUE set", "tun_get_iff reports a detached queue", $"{Tun}: tun_get_iff")
                .Add("detach again", "EINVAL", "detaching a detached queue is EINVAL", $"{Tun}: tun_set_queue")
                .Add("attach", Accepted, "tun_set_queue reattaches a detached queue", $"{Tun}: tun_set_queue")
                .Add("attach again", "EINVAL", "attaching an attached queue is EINVAL", $"{Tun}: tun_set_queue")
                .Add("neither", "EINVAL", "neither IFF_ATTACH_QUEUE nor IFF_DETACH_QUEUE is EINVAL", $"{Tun}: tun_set_queue"),
            QueueDetachAttach),
    ];

    private static Observation Every512OffloadPattern(NetNamespace ns)
    {
        using var tap = TapDevice.Create(ns, "vt0", Tap | TunFlags.IFF_VNET_HDR);
        var kernel = KernelVersion.Running;
        var otherwise = new List<string>();
        for (uint bits = 0; bits <= (uint)TunOffloadRules.AllKnown; bits++)
        {
            var offloads = (TunOffloads)bits;
            var modelled = TunOffloadRules.Accepts(offloads, kernel).Value ? Accepted : "EINVAL";
            var answer = Contract.Answer(() => tap.SetOffload(offloads));
            if (answer != modelled) otherwise.Add($"{TunOffloadRules.Describe(offloads)}: {answer} (modelled {modelled})");
        }
        var observed = Contract.Observed(("patterns answered otherwise", otherwise.Count == 0 ? "none" : string.Join("; ", otherwise)));
        observed.Notes.Add($"{(uint)TunOffloadRules.AllKnown + 1} patterns written on {KernelVersion.RunningRelease}");
        return observed;
    }

    private static Observation HeaderSizeSet(NetNamespace ns, TunFlags flags, int size)
    {
        using var tap = TapDevice.Create(ns, "vt0", flags);
        var answer = Contract.Answer(() => tap.VnetHeaderSize = size);
        return Contract.Observed((Answer, answer), (ReadsBack, tap.VnetHeaderSize.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    private static Observation VnetLittleEndian(NetNamespace ns)
    {
        using var tap = TapDevice.Create(ns, "vt0", Tap | TunFlags.IFF_VNET_HDR);
        var initially = Contract.OnOff(tap.VnetLittleEndian);
        tap.VnetLittleEndian = true;
        var afterOn = Contract.OnOff(tap.VnetLittleEndian);
        tap.VnetLittleEndian = false;
        return Contract.Observed(("new queue", initially), ("after on", afterOn), ("after off", Contract.OnOff(tap.VnetLittleEndian)));
    }

    private static Observation VnetBigEndian(NetNamespace ns)
    {
        using var tap = TapDevice.Create(ns, "vt0", Tap | TunFlags.IFF_VNET_HDR);
        var set = Contract.Answer(() => tap.VnetBigEndian = true);
        var readBack = false;
        var get = Contract.Answer(() => readBack = tap.VnetBigEndian);
        var agree = (set, get) is (Accepted, Accepted) && readBack || (set, get) is ("EINVAL", "EINVAL");
        var observed = Contract.Observed(("SET and GET", agree ? "agree" : $"disagree: TUNSETVNETBE {set}, TUNGETVNETBE {get}{(get == Accepted ? $" reading {Contract.OnOff(readBack)}" : "")}"));
        observed.Notes.Add($"TUNSETVNETBE on {KernelVersion.RunningRelease}: {(set == Accepted ? "accepted (CONFIG_TUN_VNET_CROSS_LE=y)" : $"{set} (CONFIG_TUN_VNET_CROSS_LE off)")}");
        return observed;
    }

    private static Observation PersistentTap(NetNamespace ns)
    {
        using (var tap = TapDevice.Create(ns, "vt0", Tap | TunFlags.IFF_VNET_HDR)) tap.SetPersist(true);
        using var again = TapDevice.Create(ns, "vt0", Tap | TunFlags.IFF_VNET_HDR);
        var attached = again.GetInterfaceFlags().HasFlag(TunFlags.IFF_TAP) ? "yes" : "no";
        again.SetPersist(false); // the namespace's end would delete it anyway; say so explicitly
        return Contract.Observed(("attached again", attached));
    }

    private static Observation QueueDetachAttach(NetNamespace ns)
    {
        using var first = TapDevice.Create(ns, "vt0", Tap | TunFlags.IFF_MULTI_QUEUE);
        using var second = TapDevice.Create(ns, "vt0", Tap | TunFlags.IFF_MULTI_QUEUE);
        var detach = Contract.Answer(() => second.SetQueue(TunFlags.IFF_DETACH_QUEUE));
        var flags = second.GetInterfaceFlags().HasFlag(TunFlags.IFF_DETACH_QUEUE) ? "IFF_DETACH_QUEUE set" : "IFF_DETACH_QUEUE clear";
        var detachAgain = Contract.Answer(() => second.SetQueue(TunFlags.IFF_DETACH_QUEUE));
        var attach = Contract.Answer(() => second.SetQueue(TunFlags.IFF_ATTACH_QUEUE));
        var attachAgain = Contract.Answer(() => second.SetQueue(TunFlags.IFF_ATTACH_QUEUE));
        var neither = Contract.Answer(() => second.SetQueue(TunFlags.None));
        return Contract.Observed(("detach", detach), ("TUNGETIFF after detach", flags), ("detach again", detachAgain), ("attach", attach),
            ("attach again", attachAgain), ("neither", neither));
    }

    /// <summary>TUNGETFEATURES' documented answer: IFF_TUN | IFF_TAP | TUN_FEATURES, with IFF_NO_CARRIER since it exists.</summary>
    private static TunFlags Features(KernelVersion kernel) =>
        TunFlags.IFF_TUN | TunFlags.IFF_TAP | TunFlags.IFF_NO_PI | TunFlags.IFF_ONE_QUEUE | TunFlags.IFF_VNET_HDR | TunFlags.IFF_MULTI_QUEUE |
        TunFlags.IFF_NAPI | TunFlags.IFF_NAPI_FRAGS | (KernelChanges.TunNoCarrier.IsIn(kernel) ? TunFlags.IFF_NO_CARRIER : TunFlags.None);

    private static unsafe string BeforeSetIff(NetNamespace ns, uint request)
    {
        using var fd = TapDevice.OpenUnattached(ns);
        var scratch = stackalloc byte[64];
        *(int*)scratch = 10;
        return Contract.Answer(() => Ioctl.Pointer(fd, request, scratch, IfTun.Name(request)));
    }

    private static unsafe void Reattach(FileDescriptor fd, string name, TunFlags flags)
    {
        var request = IfReq.ForName(name);
        request.Flags = (ushort)flags;
        Ioctl.Pointer(fd, IfTun.TUNSETIFF, &request, "TUNSETIFF");
    }

    private static string Create(NetNamespace ns, TunFlags flags) => Contract.Answer(() => TapDevice.Create(ns, "vt0", flags).Dispose());

    /// <summary>The answer of <paramref name="call"/> on a fresh TAP with <paramref name="flags"/>.</summary>
    private static string OnTap(NetNamespace ns, TunFlags flags, Action<TapDevice> call) =>
        WithTap(ns, flags, tap => Contract.Answer(() => call(tap)));

    private static string WithTap(NetNamespace ns, TunFlags flags, Func<TapDevice, string> read)
    {
        using var tap = TapDevice.Create(ns, "vt0", flags);
        return read(tap);
    }

    private static string Words(TunFlags flags) =>
        string.Join("|", Enum.GetValues<TunFlags>().Where(f => f != TunFlags.None && BitOperations.PopCount((uint)f) == 1 && flags.HasFlag(f)));

    private static string Sized(int size) => size < 0 ? $"minus-{-size}" : size.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
