namespace Vnetconf.Guest;

/// <summary>
/// The QEMU command line for a lab guest: direct kernel boot, no display, no default devices and no user-mode
/// network (the TAP netdev is the only NIC), the kernel console on ttyS0 into a file, and the agent on a dedicated
/// virtio-serial port.
/// </summary>
public static class QemuArguments
{
    public const string Binary = "qemu-system-x86_64";
    public const string AgentPortName = "vnetconf.agent";

    /// <summary>
    /// <c>panic=-1</c> reboots at once on a panic and <c>-no-reboot</c> turns that reboot into QEMU's exit: a guest
    /// that dies ends its QEMU instead of hanging until the timeout. <c>no_timer_check</c> skips the boot-time check
    /// that timer interrupts arrive through the IO-APIC within a busy-wait (arch/x86/kernel/apic/io_apic.c:
    /// timer_irq_works): under TCG on a loaded host the ticks come late and the guest panics with "IO-APIC + timer
    /// doesn't work!" (seen here with three QEMUs on two cores), a failure of the host's speed, not of the guest.
    /// <c>cryptomgr.notests</c> skips the crypto API's self-tests at boot (crypto_algapi_init alone took 0.2 s under
    /// TCG, initcall_debug): no cell uses the kernel's crypto, and a TCG boot went from 2.5-2.7 s to about 2.4 s.
    /// </summary>
    public const string KernelCommandLine = "console=ttyS0 panic=-1 loglevel=6 no_timer_check cryptomgr.notests";

    /// <summary>
    /// QEMU's default CPU model (qemu64) plus RDRAND, which TCG emulates: the guest kernel seeds its crng from it at
    /// once (CONFIG_RANDOM_TRUST_CPU) instead of from timer jitter about a second after /init started the agent, whose
    /// runtime waits in getrandom() until then. Nothing the suite observes depends on the CPU model; under KVM a host
    /// CPU without RDRAND only makes QEMU warn.
    /// </summary>
    public const string CpuModel = "qemu64,+rdrand";

    public static IReadOnlyList<string> Build(QemuConfiguration config)
    {
        var args = new List<string>
        {
            "-accel", config.Accelerator == Accelerator.Kvm ? "kvm" : "tcg",
            "-cpu", CpuModel,
            "-m", config.MemoryMiB.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-nodefaults", "-no-user-config", "-display", "none", "-monitor", "none", "-no-reboot",
            "-nic", "none",
            "-kernel", config.Image.BootKernel,
            "-initrd", config.Image.Initramfs,
            "-append", $"{KernelCommandLine} {config.ExtraKernelArguments}".Trim(),
            "-serial", $"file:{config.ConsoleLog}",
        };
        if (config.Firmware is { } firmware) args.AddRange(["-L", firmware]);

        if (config.AgentSocket is { } socket)
        {
            args.AddRange([
                "-chardev", $"socket,id=agent,path={socket},server=off",
                "-device", "virtio-serial-pci,id=agentbus",
                "-device", $"virtserialport,bus=agentbus.0,chardev=agent,name={AgentPortName}",
            ]);
        }

        // With fd= QEMU refuses vnet_hdr=: it probes the TAP's own IFF_VNET_HDR (net/tap.c: net_init_tap), so
        // vnet_hdr on/off is decided when the harness creates the TAP. By name, QEMU opens the TAP itself and asks
        // for the header or not; script=no and downscript=no keep it from running /etc/qemu-ifup on a TAP that is
        // already wired.
        var tap = config.TapFd is { } fd ? $"fd={fd}"
            : config.NamedTap is { } named ? $"ifname={named.Name},script=no,downscript=no,vnet_hdr={(named.VnetHeader ? "on" : "off")}"
            : null;
        if (tap is not null) AddNic("net0", $"{tap},vhost={(config.Vhost ? "on" : "off")}", config.Device);
        foreach (var (side, index) in config.SideNics.Select((n, i) => (n, i)))
            AddNic($"side{index}", side.TapFd is { } sideFd ? $"fd={sideFd}" : $"ifname={side.TapName},script=no,downscript=no,vnet_hdr=on", side.Device);
        return args;

        void AddNic(string id, string attachment, VirtioNetDeviceOptions device)
        {
            args.AddRange(["-netdev", $"tap,id={id},{attachment}"]);
            args.AddRange(["-device", string.Join(",", ["virtio-net-pci", $"netdev={id}", .. device.Properties().Select(p => $"{p.Name}={p.Value}")])]);
        }
    }
}
