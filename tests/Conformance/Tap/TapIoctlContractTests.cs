using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Conformance.Support;
using Vnetconf.Interop;
using Vnetconf.Links;
using Vnetconf.Model;
using Vnetconf.Reporting;
using Vnetconf.Scenarios;

namespace Vnetconf.Conformance.Tap;

/// <summary>The tun driver's ioctl contract, as drivers/net/tun.c implements it and QEMU relies on it.</summary>
public sealed class TapIoctlContractTests : HostTest
{
    private const TunFlags Tap = TunFlags.IFF_TAP | TunFlags.IFF_NO_PI;

    [Test]
    public void TUNGETFEATURES_answers_before_TUNSETIFF_with_the_drivers_TUN_FEATURES()
    {
        using var fd = TapDevice.OpenUnattached(Ns);
        var features = TapDevice.GetFeatures(fd);

        // tun.c: __tun_chr_ioctl answers TUNGETFEATURES with IFF_TUN | IFF_TAP | TUN_FEATURES before looking for a device.
        var expected = TunFlags.IFF_TUN | TunFlags.IFF_TAP | TunFlags.IFF_NO_PI | TunFlags.IFF_ONE_QUEUE |
                       TunFlags.IFF_VNET_HDR | TunFlags.IFF_MULTI_QUEUE | TunFlags.IFF_NAPI | TunFlags.IFF_NAPI_FRAGS;
        if (KernelVersion.Running >= new KernelVersion(6, 0, 0)) expected |= TunFlags.IFF_NO_CARRIER; // "tun: support not enabling carrier in TUNSETIFF", 6.0
        features.Should().Be(expected, "tun.c: TUN_FEATURES lists every flag TUNSETIFF understands on {0}", KernelVersion.RunningRelease);
    }

    [TestCase(IfTun.TUNSETOFFLOAD)]
    [TestCase(IfTun.TUNGETVNETHDRSZ)]
    [TestCase(IfTun.TUNSETVNETHDRSZ)]
    [TestCase(IfTun.TUNGETIFF)]
    [TestCase(IfTun.TUNSETPERSIST)]
    [TestCase(IfTun.TUNSETVNETLE)]
    public unsafe void Device_ioctls_before_TUNSETIFF_fail_with_EBADFD(uint request)
    {
        using var fd = TapDevice.OpenUnattached(Ns);
        var scratch = stackalloc byte[64];
        *(int*)scratch = 10;

        var act = () => Ioctl.Pointer(fd, request, scratch, IfTun.Name(request));

        // tun.c: __tun_chr_ioctl: "tun = tun_get(tfile); ret = -EBADFD; if (!tun) goto unlock;"
        act.Should().Throw<SyscallException>().Which.Errno.Should().Be(Errno.EBADFD);
    }

    [Test]
    public void TUNSETOFFLOAD_accepts_exactly_the_combinations_set_offload_claims_for_all_512_bit_patterns()
    {
        using var tap = TapDevice.Create(Ns, "vt0", Tap | TunFlags.IFF_VNET_HDR);
        var table = new TextTable("TUNSETOFFLOAD argument", "expected", "kernel", "why");
        var mismatches = new List<string>();
        for (uint bits = 0; bits <= (uint)TunOffloadRules.AllKnown; bits++)
        {
            var offloads = (TunOffloads)bits;
            var expected = TunOffloadRules.Accepts(offloads, KernelVersion.Running);
            var accepted = TryIoctl(() => tap.SetOffload(offloads), out var errno);
            if (!accepted && errno != Errno.EINVAL) mismatches.Add($"{TunOffloadRules.Describe(offloads)}: unexpected {Errno.Name(errno)}");
            if (accepted != expected.Value) mismatches.Add($"{TunOffloadRules.Describe(offloads)}: expected {(expected.Value ? "accepted" : "EINVAL")}, kernel said {(accepted ? "accepted" : Errno.Name(errno))}");
            if (IsNamedCase(bits))
                table.Add($"0x{bits:x3} {TunOffloadRules.Describe(offloads)}", expected.Value ? "ok" : "EINVAL", accepted ? "ok" : Errno.Name(errno), expected.Reason);
        }
        TestContext.Out.WriteLine(table.Render());
        mismatches.Should().BeEmpty("tun.c:set_offload on {0} should behave as modelled", KernelVersion.RunningRelease);
    }

    [TestCase(TunOffloads.TUN_F_TSO4, false, TestName = "TUNSETOFFLOAD rejects TSO4 without CSUM")]
    [TestCase(TunOffloads.TUN_F_CSUM | TunOffloads.TUN_F_TSO_ECN, false, TestName = "TUNSETOFFLOAD rejects TSO_ECN without TSO4 or TSO6")]
    [TestCase(TunOffloads.TUN_F_UFO, false, TestName = "TUNSETOFFLOAD rejects UFO without CSUM")]
    [TestCase(TunOffloads.TUN_F_CSUM | TunOffloads.TUN_F_UFO, true, TestName = "TUNSETOFFLOAD accepts UFO inside CSUM and ignores it")]
    [TestCase(TunOffloads.TUN_F_CSUM | TunOffloads.TUN_F_USO4, false, TestName = "TUNSETOFFLOAD rejects USO4 without USO6")]
    [TestCase(TunOffloads.TUN_F_CSUM | TunOffloads.TUN_F_TSO4 | TunOffloads.TUN_F_TSO6 | TunOffloads.TUN_F_TSO_ECN, true, TestName = "TUNSETOFFLOAD accepts CSUM with TSO4, TSO6 and ECN")]
    [TestCase((TunOffloads)0x200, false, TestName = "TUNSETOFFLOAD rejects an unknown bit")]
    public void TUNSETOFFLOAD_named_case(TunOffloads offloads, bool acceptedOnAnyKernelSince62)
    {
        if (!KernelChanges.Uso.IsIn(KernelVersion.Running))
            Assert.Ignore($"these named cases assume USO (Linux {KernelChanges.Uso.Since.MajorMinor}+); this is {KernelVersion.RunningRelease}. " +
                          "The 512-pattern test covers this kernel's rules.");
        using var tap = TapDevice.Create(Ns, "vt0", Tap | TunFlags.IFF_VNET_HDR);

        var accepted = TryIoctl(() => tap.SetOffload(offloads), out var errno);

        accepted.Should().Be(acceptedOnAnyKernelSince62, TunOffloadRules.Accepts(offloads, KernelVersion.Running).Reason);
        if (!accepted) errno.Should().Be(Errno.EINVAL);
    }

    [Test]
    public void TUNSETOFFLOAD_works_on_a_tap_without_IFF_VNET_HDR_too()
    {
        using var tap = TapDevice.Create(Ns, "vt0", Tap);
        // set_offload never looks at IFF_VNET_HDR: the hazard of partial checksums with no header to say so starts here.
        tap.Invoking(t => t.SetOffload(TunOffloads.TUN_F_CSUM | TunOffloads.TUN_F_TSO4)).Should().NotThrow();
    }

    [Test]
    public void TUNGETVNETHDRSZ_defaults_to_the_10_byte_legacy_header()
    {
        using var tap = TapDevice.Create(Ns, "vt0", Tap | TunFlags.IFF_VNET_HDR);
        // tun.c: tun_chr_open: "tfile->vnet_hdr_sz = sizeof(struct virtio_net_hdr)" (10 bytes).
        tap.VnetHeaderSize.Should().Be(10);
    }

    [TestCase(0)]
    [TestCase(9)]
    [TestCase(-1)]
    public void TUNSETVNETHDRSZ_rejects_sizes_below_the_legacy_header_with_EINVAL(int size)
    {
        using var tap = TapDevice.Create(Ns, "vt0", Tap | TunFlags.IFF_VNET_HDR);
        // tun_vnet.h: tun_vnet_ioctl: "if (s < (int)sizeof(struct virtio_net_hdr)) return -EINVAL;"
        tap.Invoking(t => t.VnetHeaderSize = size).Should().Throw<SyscallException>().Which.Errno.Should().Be(Errno.EINVAL);
        tap.VnetHeaderSize.Should().Be(10, "a rejected size leaves the header size unchanged");
    }

    [TestCase(10)]
    [TestCase(12)]
    [TestCase(20)]
    [TestCase(1000)]
    public void TUNSETVNETHDRSZ_accepts_any_size_from_10_up_and_reads_it_back(int size)
    {
        using var tap = TapDevice.Create(Ns, "vt0", Tap | TunFlags.IFF_VNET_HDR);
        tap.VnetHeaderSize = size;
        tap.VnetHeaderSize.Should().Be(size, "tun_vnet_ioctl stores any size >= sizeof(struct virtio_net_hdr)");
    }

    [Test]
    public void TUNSETVNETHDRSZ_is_accepted_on_a_tap_without_IFF_VNET_HDR()
    {
        using var tap = TapDevice.Create(Ns, "vt0", Tap);
        tap.VnetHeaderSize = 12;
        tap.VnetHeaderSize.Should().Be(12, "tun_vnet_ioctl does not look at IFF_VNET_HDR");
    }

    [Test]
    public void TUNSETVNETLE_is_accepted_and_reads_back()
    {
        using var tap = TapDevice.Create(Ns, "vt0", Tap | TunFlags.IFF_VNET_HDR);
        tap.VnetLittleEndian.Should().BeFalse("a new queue has no forced endianness");
        tap.VnetLittleEndian = true;
        tap.VnetLittleEndian.Should().BeTrue();
        tap.VnetLittleEndian = false;
        tap.VnetLittleEndian.Should().BeFalse();
    }

    [Test]
    public void TUNSETVNETBE_is_accepted_only_when_the_kernel_has_TUN_VNET_CROSS_LE_and_both_directions_agree()
    {
        using var tap = TapDevice.Create(Ns, "vt0", Tap | TunFlags.IFF_VNET_HDR);
        var set = TryIoctl(() => tap.VnetBigEndian = true, out var setErrno);
        var readBack = false;
        var get = TryIoctl(() => readBack = tap.VnetBigEndian, out var getErrno);

        // tun_vnet.h: tun_vnet_set_be/get_be return -EINVAL when CONFIG_TUN_VNET_CROSS_LE is off.
        TestContext.Out.WriteLine($"TUNSETVNETBE on {KernelVersion.RunningRelease}: {(set ? "accepted (CONFIG_TUN_VNET_CROSS_LE=y)" : $"{Errno.Name(setErrno)} (CONFIG_TUN_VNET_CROSS_LE off)")}");
        get.Should().Be(set, "SET and GET are compiled in or out together");
        if (set) readBack.Should().BeTrue();
        else
        {
            setErrno.Should().Be(Errno.EINVAL);
            getErrno.Should().Be(Errno.EINVAL);
        }
    }

    [Test]
    public void TUNGETIFF_reports_IFF_NOFILTER_which_reads_as_IFF_NO_PI_on_a_plain_tap()
    {
        using var tap = TapDevice.Create(Ns, "vt0", TunFlags.IFF_TAP);
        // tun.c: tun_get_iff ORs in IFF_NOFILTER (0x1000, the same bit as IFF_NO_PI) when no filter is attached.
        tap.GetInterfaceFlags().Should().Be(TunFlags.IFF_TAP | TunFlags.IFF_NO_PI);
    }

    [Test]
    public void TUNGETIFF_reports_IFF_VNET_HDR_as_QEMU_probes_it()
    {
        using var tap = TapDevice.Create(Ns, "vt0", Tap | TunFlags.IFF_VNET_HDR);
        // QEMU's tap_probe_vnet_hdr for -netdev tap,fd= is "TUNGETIFF & IFF_VNET_HDR".
        tap.GetInterfaceFlags().Should().HaveFlag(TunFlags.IFF_VNET_HDR);
    }

    [Test]
    public void TUNSETIFF_twice_on_one_fd_fails_with_EEXIST()
    {
        using var tap = TapDevice.Create(Ns, "vt0", Tap);
        var act = () => Reattach(tap.Fd, "vt1", Tap);
        // tun.c: tun_set_iff: "if (tfile->detached) ... return -EINVAL" / "if (tun) return -EEXIST" via __tun_chr_ioctl
        act.Should().Throw<SyscallException>().Which.Errno.Should().Be(Errno.EEXIST);
    }

    [TestCase(TunFlags.IFF_NO_PI, TestName = "TUNSETIFF without TUN or TAP fails with EINVAL")]
    [TestCase(TunFlags.IFF_TAP | TunFlags.IFF_NAPI_FRAGS, TestName = "TUNSETIFF with NAPI_FRAGS but not NAPI fails with EINVAL")]
    public void TUNSETIFF_with_invalid_flags_fails_with_EINVAL(TunFlags flags)
    {
        var act = () => TapDevice.Create(Ns, "vt0", flags);
        act.Should().Throw<SyscallException>().Which.Errno.Should().Be(Errno.EINVAL);
    }

    [Test]
    public void TUNSETIFF_with_both_TUN_and_TAP_makes_a_TUN_device()
    {
        using var tun = TapDevice.Create(Ns, "vt0", TunFlags.IFF_TUN | TunFlags.IFF_TAP | TunFlags.IFF_NO_PI);
        // tun.c: tun_set_iff tests IFF_TUN before IFF_TAP ("if (ifr->ifr_flags & IFF_TUN) ... else if (... IFF_TAP)").
        var flags = tun.GetInterfaceFlags();
        flags.Should().HaveFlag(TunFlags.IFF_TUN).And.NotHaveFlag(TunFlags.IFF_TAP);
    }

    [Test]
    public void A_second_fd_on_a_single_queue_tap_fails_with_EBUSY()
    {
        using var tap = TapDevice.Create(Ns, "vt0", Tap);
        var act = () => TapDevice.Create(Ns, "vt0", Tap);
        // tun.c: tun_set_iff → tun_attach: "if (!(tun->flags & IFF_MULTI_QUEUE) && tun->numqueues == 1) return -EBUSY"
        act.Should().Throw<SyscallException>().Which.Errno.Should().Be(Errno.EBUSY);
    }

    [Test]
    public void TUNSETIFF_with_TUN_EXCL_on_an_existing_device_fails_with_EBUSY()
    {
        using var tap = TapDevice.Create(Ns, "vt0", Tap | TunFlags.IFF_MULTI_QUEUE);
        var act = () => TapDevice.Create(Ns, "vt0", Tap | TunFlags.IFF_MULTI_QUEUE | TunFlags.IFF_TUN_EXCL);
        // tun.c: tun_set_iff: "if (ifr->ifr_flags & IFF_TUN_EXCL) return -EBUSY;" when the device exists.
        act.Should().Throw<SyscallException>().Which.Errno.Should().Be(Errno.EBUSY);
    }

    [Test]
    public void A_persistent_tap_survives_its_fd_and_keeps_its_offloads()
    {
        using (var tap = TapDevice.Create(Ns, "vt0", Tap | TunFlags.IFF_VNET_HDR))
        {
            tap.SetPersist(true);
        }
        using var again = TapDevice.Create(Ns, "vt0", Tap | TunFlags.IFF_VNET_HDR);
        again.GetInterfaceFlags().Should().HaveFlag(TunFlags.IFF_TAP, "the device was still there to attach to");
        again.SetPersist(false); // the namespace's death would delete it anyway; say so explicitly
    }

    [Test]
    public void TUNSETQUEUE_on_a_single_queue_tap_fails_with_EINVAL()
    {
        using var tap = TapDevice.Create(Ns, "vt0", Tap);
        // tun.c: tun_set_queue: "if (!(tun->flags & IFF_MULTI_QUEUE)) ... ret = -EINVAL"
        tap.Invoking(t => t.SetQueue(TunFlags.IFF_DETACH_QUEUE)).Should().Throw<SyscallException>().Which.Errno.Should().Be(Errno.EINVAL);
    }

    [Test]
    public void TUNSETQUEUE_detaches_and_reattaches_a_multi_queue_fd_but_not_twice()
    {
        using var first = TapDevice.Create(Ns, "vt0", Tap | TunFlags.IFF_MULTI_QUEUE);
        using var second = TapDevice.Create(Ns, "vt0", Tap | TunFlags.IFF_MULTI_QUEUE);

        second.SetQueue(TunFlags.IFF_DETACH_QUEUE);
        second.GetInterfaceFlags().Should().HaveFlag(TunFlags.IFF_DETACH_QUEUE, "tun_get_iff reports a detached queue");
        second.Invoking(t => t.SetQueue(TunFlags.IFF_DETACH_QUEUE)).Should().Throw<SyscallException>()
            .Which.Errno.Should().Be(Errno.EINVAL, "tun_set_queue: detaching a detached queue is EINVAL");
        second.SetQueue(TunFlags.IFF_ATTACH_QUEUE);
        second.Invoking(t => t.SetQueue(TunFlags.IFF_ATTACH_QUEUE)).Should().Throw<SyscallException>()
            .Which.Errno.Should().Be(Errno.EINVAL, "tun_set_queue: attaching an attached queue is EINVAL");
        second.Invoking(t => t.SetQueue(TunFlags.None)).Should().Throw<SyscallException>()
            .Which.Errno.Should().Be(Errno.EINVAL, "tun_set_queue: neither ATTACH nor DETACH is EINVAL");
    }

    [Test]
    public void Errors_name_the_call_the_device_and_the_errno()
    {
        using var tap = TapDevice.Create(Ns, "vt0", Tap | TunFlags.IFF_VNET_HDR);
        tap.Invoking(t => t.SetOffload(TunOffloads.TUN_F_TSO4)).Should().Throw<SyscallException>()
            .WithMessage($"TUNSETOFFLOAD(0x2) on tap vt0 in {Ns.Name} failed: EINVAL (*)");
    }

    private static unsafe void Reattach(FileDescriptor fd, string name, TunFlags flags)
    {
        var req = IfReq.ForName(name);
        req.Flags = (ushort)flags;
        Ioctl.Pointer(fd, IfTun.TUNSETIFF, &req, "TUNSETIFF");
    }

    private static bool TryIoctl(Action action, out int errno)
    {
        try
        {
            action();
            errno = 0;
            return true;
        }
        catch (SyscallException e)
        {
            errno = e.Errno;
            return false;
        }
    }

    /// <summary>The rows worth printing: single bits, the combinations QEMU uses, and every rejection with CSUM set.</summary>
    private static bool IsNamedCase(uint bits) =>
        System.Numerics.BitOperations.PopCount(bits) <= 1 || bits is 0x03 or 0x07 or 0x0f or 0x11 or 0x1f or 0x61 or 0x7f or 0x1ff or 0x09 or 0x21 or 0x41 or 0x81 or 0x181 or 0x183 or 0x1e1;
}
