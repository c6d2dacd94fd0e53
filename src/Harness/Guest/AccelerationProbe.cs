using System.Diagnostics;

namespace Vnetconf.Guest;

/// <summary>
/// Decides between KVM and TCG by running something, not by opening /dev/kvm: on some hosts (nested, PVM-style) the
/// device opens and a vCPU is created, yet the guest never gets past the firmware, or gets as far as the kernel's
/// banner and hangs later in its boot. KVM is chosen only when a guest boots under it all the way to /init starting
/// the agent (<see cref="GuestImageBuilder.AgentStartLine"/> on the console) within the timeout.
/// </summary>
public static class AccelerationProbe
{
    public const string Variable = "VNETCONF_ACCEL";
    public const string KvmDevice = "/dev/kvm";

    private static readonly Lock ProbeLock = new();
    private static AccelerationChoice? probed;

    /// <summary>
    /// VNETCONF_ACCEL=tcg|kvm forces the choice; otherwise the probe decides, once per process: whether a vCPU runs is
    /// the host's property, not the kernel's, so every guest kernel of a run shares the first probe's answer.
    /// </summary>
    public static AccelerationChoice Choose(GuestImage image, TimeSpan timeout)
    {
        switch (Environment.GetEnvironmentVariable(Variable)?.Trim().ToLowerInvariant())
        {
            case "tcg": return new AccelerationChoice(Accelerator.Tcg, $"{Variable}=tcg");
            case "kvm": return new AccelerationChoice(Accelerator.Kvm, $"{Variable}=kvm");
            case null or "": break;
            case var other: throw new ArgumentException($"{Variable}={other}: use tcg or kvm");
        }
        if (!File.Exists(KvmDevice)) return new AccelerationChoice(Accelerator.Tcg, $"no {KvmDevice}");
        lock (ProbeLock) return probed ??= ProbeKvm(image, timeout);
    }

    /// <param name="binary">the QEMU to run (a test gives a stand-in that behaves as a broken KVM host does)</param>
    internal static AccelerationChoice ProbeKvm(GuestImage image, TimeSpan timeout, string binary = QemuArguments.Binary)
    {
        var log = Path.Combine(Path.GetTempPath(), $"vnetconf-kvm-probe-{Environment.ProcessId}-{Guid.NewGuid():N}.log");
        var config = new QemuConfiguration(image, Accelerator.Kvm, log, AgentSocket: null, TapFd: null, new VirtioNetDeviceOptions()) { Binary = binary };
        try
        {
            var clock = Stopwatch.StartNew();
            using var qemu = QemuProcess.Start(config, ns: null, inherited: []);
            while (clock.Elapsed < timeout)
            {
                if (GuestConsole.Read(log).Contains(GuestImageBuilder.AgentStartLine, StringComparison.Ordinal))
                    return new AccelerationChoice(Accelerator.Kvm, $"a KVM guest booted to /init starting the agent in {clock.Elapsed.TotalSeconds:0.0} s");
                if (qemu.HasExited)
                    return new AccelerationChoice(Accelerator.Tcg, $"QEMU with -accel kvm exited without booting: {qemu.Errors.Trim()}");
                Thread.Sleep(100);
            }
            return new AccelerationChoice(Accelerator.Tcg,
                $"{KvmDevice} exists, but a KVM guest did not boot to /init within {timeout.TotalSeconds} s (a vCPU that does not run, or stops: nested KVM)");
        }
        finally
        {
            File.Delete(log);
        }
    }
}
