using Vnetconf.Guest;
using Vnetconf.Model;

namespace Vnetconf.Scenarios;

/// <summary>
/// A write-path lab whose TAP is the backend of a booted guest: [guest eth0] ─ QEMU ─ tap0 ─ br0 ─ nic0 ══ wire0 [far].
/// Disposing it kills QEMU first, then tears the namespaces down.
/// </summary>
public sealed class GuestLab : ILabGuest
{
    private GuestLab(HostLab lab, QemuMachine machine, bool vnetHeader)
    {
        Lab = lab;
        Machine = machine;
        VnetHeader = vnetHeader;
    }

    /// <summary>
    /// What booting a lab guest on the run's default settings needs: the host lab first (the guest's NIC is a lab TAP),
    /// then the guest platform those settings name (kernel, image, accelerator), prepared once per process.
    /// </summary>
    public static Requirement<GuestPlatform> DefaultPlatform { get; } = new("a lab guest", () =>
    {
        HostCapabilities.HostLab.Ensure();
        return GuestPlatform.For(GuestSettings.FromEnvironment()).Ensured();
    });

    public HostLab Lab { get; }
    public QemuMachine Machine { get; }
    public AgentClient Agent => Machine.Agent;
    public bool VnetHeader { get; }
    public TimeSpan BootTime => Machine.BootTime;
    public QemuVersion Qemu => QemuVersion.Of(Machine.Configuration.Binary);
    public KernelVersion GuestKernel => KernelVersion.Parse(Machine.Hello.KernelRelease);

    /// <summary>Read through the harness's own handle of the TAP; a TAP without IFF_VNET_HDR has none.</summary>
    public int? TapHeaderSize(string tapName) => tapName == HostLab.TapName && !VnetHeader ? null : Lab.TapNamed(tapName).VnetHeaderSize;

    /// <summary>vhost-net's device: a guest booted with vhost=on needs it (the kernel's vhost-net moves the frames instead of QEMU).</summary>
    public static readonly Requirement Vhost = new("vhost-net", () => File.Exists("/dev/vhost-net") ? null : "no /dev/vhost-net. Fix: modprobe vhost_net (CONFIG_VHOST_NET)");

    /// <summary>
    /// Builds the lab with a TAP with or without IFF_VNET_HDR (QEMU's vnet_hdr for an fd) and boots the guest on it
    /// (eth0 up with the lab's addresses),
    /// from <paramref name="image"/> when the caller needs another image of the same kernel (e.g. with netmap modules),
    /// and with <paramref name="vhost"/> the kernel's vhost-net moving the guest's frames instead of QEMU, on
    /// <paramref name="qemu"/> (null: the host's QEMU), with <paramref name="sideNics"/> beside the lab's NIC, their TAPs in the lab's stack namespace.
    /// </summary>
    public static GuestLab Boot(GuestPlatform platform, bool vnetHeader, VirtioNetDeviceOptions device, GuestImage? image = null, bool vhost = false,
        QemuSpec.Binary? qemu = null, IReadOnlyList<SideNic>? sideNics = null)
    {
        var lab = HostLab.ForWritePath(new TapOptions(VnetHeader: vnetHeader), new NicOptions());
        try
        {
            var sides = (sideNics ?? []).Select(n => (lab.AddSideTap(n.TapName), n.Device)).ToArray();
            var machine = QemuMachine.Boot(image ?? platform.Image, platform.Acceleration.Accelerator, lab.Tap, device, vhost: vhost, qemu: qemu, sideNics: sides);
            try
            {
                GuestAddressing.Configure(machine.Agent);
            }
            catch
            {
                machine.Dispose();
                throw;
            }
            return new GuestLab(lab, machine, vnetHeader);
        }
        catch
        {
            lab.Dispose();
            throw;
        }
    }

    public string Describe() =>
        $"guest {Machine.Hello.KernelRelease} booted in {Machine.BootTime.TotalSeconds:0.0} s ({Machine.Configuration.Accelerator}, vnet_hdr={(VnetHeader ? "on" : "off")}{(Machine.Configuration.Vhost ? ", vhost=on" : "")}, {Machine.Configuration.Device})";

    public string ConsoleLog() => Machine.ConsoleLog();

    public string ConsoleTail(int lines = 40) => Machine.ConsoleTail(lines);

    public void Dispose()
    {
        try
        {
            Machine.Dispose();
        }
        finally
        {
            Lab.Dispose();
        }
    }
}
