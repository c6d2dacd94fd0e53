using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Guest;

namespace Vnetconf.Harness.Tests.Guest;

public sealed class QemuArgumentsTests
{
    private static readonly GuestImage Image = new(
        new GuestKernel("/k/vmlinuz", "/k/modules", "6.1.0-test", "test"), "/k/initramfs.cpio", ["virtio_net"], "/k/vmlinux", "entered through PVH");

    private static QemuConfiguration Config(VirtioNetDeviceOptions device, int? fd = 7) =>
        new(Image, Accelerator.Tcg, "/run/console.log", "/run/agent.sock", fd, device);

    private static string Device(IReadOnlyList<string> args) => args[args.ToList().FindIndex(a => a.StartsWith("virtio-net-pci", StringComparison.Ordinal))];

    [Test]
    public void QEMU_loads_the_images_boot_kernel_not_the_bzImage_it_came_from()
    {
        var args = QemuArguments.Build(Config(new VirtioNetDeviceOptions()));
        args.Should().ContainInOrder("-kernel", "/k/vmlinux").And.NotContain("/k/vmlinuz");
    }

    [Test]
    public void The_TAP_is_named_by_its_inherited_fd_without_vnet_hdr_which_QEMU_refuses_with_fd()
    {
        var args = QemuArguments.Build(Config(new VirtioNetDeviceOptions()));
        args.Should().ContainInOrder("-netdev", "tap,id=net0,fd=7,vhost=off");
        args.Should().NotContain(a => a.Contains("vnet_hdr", StringComparison.Ordinal));
    }

    [TestCase(true, "on")]
    [TestCase(false, "off")]
    public void A_TAP_named_instead_of_inherited_is_opened_by_QEMU_with_its_vnet_hdr_and_no_ifup_scripts(bool vnetHeader, string word)
    {
        var args = QemuArguments.Build(Config(new VirtioNetDeviceOptions(), fd: null) with { NamedTap = new NamedTap("tap0", vnetHeader) });
        args.Should().ContainInOrder("-netdev", $"tap,id=net0,ifname=tap0,script=no,downscript=no,vnet_hdr={word},vhost=off");
        Device(args).Should().StartWith("virtio-net-pci,netdev=net0");
    }

    [Test]
    public void Each_side_NIC_gets_a_netdev_of_its_own_by_fd_or_by_name_with_vnet_hdr_and_its_own_properties()
    {
        var inherited = new SideNic("side0", new VirtioNetDeviceOptions { GuestCsum = false, Mac = "02:00:00:00:01:00" }, TapFd: 9);
        var named = new SideNic("side1", new VirtioNetDeviceOptions { Legacy = true, Mac = "02:00:00:00:01:01" });
        var args = QemuArguments.Build(Config(new VirtioNetDeviceOptions()) with { SideNics = [inherited, named] });
        args.Should().ContainInOrder(
            "-netdev", "tap,id=net0,fd=7,vhost=off", "-device", $"virtio-net-pci,netdev=net0,mac={VirtioNetDeviceOptions.DefaultMac}",
            "-netdev", "tap,id=side0,fd=9", "-device", "virtio-net-pci,netdev=side0,guest_csum=off,mac=02:00:00:00:01:00",
            "-netdev", "tap,id=side1,ifname=side1,script=no,downscript=no,vnet_hdr=on",
            "-device", "virtio-net-pci,netdev=side1,disable-modern=on,disable-legacy=off,mac=02:00:00:00:01:01");
    }

    [Test]
    public void Default_device_properties_are_left_to_QEMU()
    {
        Device(QemuArguments.Build(Config(new VirtioNetDeviceOptions())))
            .Should().Be($"virtio-net-pci,netdev=net0,mac={VirtioNetDeviceOptions.DefaultMac}");
    }

    [Test]
    public void Each_property_switched_off_appears_in_QEMU_spelling()
    {
        var device = new VirtioNetDeviceOptions
        {
            Csum = false, GuestCsum = false, Gso = false, GuestTso4 = false, GuestTso6 = false, GuestEcn = false,
            GuestUfo = false, HostTso4 = false, HostTso6 = false, HostEcn = false, HostUfo = false, MrgRxbuf = false,
        };
        Device(QemuArguments.Build(Config(device))).Should().Be(
            "virtio-net-pci,netdev=net0,csum=off,guest_csum=off,gso=off,guest_tso4=off,guest_tso6=off,guest_ecn=off," +
            $"guest_ufo=off,host_tso4=off,host_tso6=off,host_ecn=off,host_ufo=off,mrg_rxbuf=off,mac={VirtioNetDeviceOptions.DefaultMac}");
    }

    [Test]
    public void A_legacy_device_disables_the_modern_interface_and_keeps_the_legacy_one()
    {
        Device(QemuArguments.Build(Config(new VirtioNetDeviceOptions { Legacy = true })))
            .Should().Contain("disable-modern=on,disable-legacy=off");
    }

    [Test]
    public void The_guest_has_no_network_but_the_TAP_and_its_console_goes_to_the_log_file()
    {
        var args = QemuArguments.Build(Config(new VirtioNetDeviceOptions()));
        args.Should().ContainInOrder("-nic", "none");
        args.Should().Contain("-nodefaults");
        args.Should().NotContain(a => a.Contains("user", StringComparison.Ordinal) && a.StartsWith("-netdev", StringComparison.Ordinal));
        args.Should().ContainInOrder("-serial", "file:/run/console.log");
        args.Should().ContainInOrder("-accel", "tcg");
        args.Should().Contain("-no-reboot");
        var kernelArguments = args[args.ToList().IndexOf("-append") + 1].Split(' ');
        kernelArguments.Should().Contain(["console=ttyS0", "panic=-1"], "the console goes to the serial port's log and a panic ends QEMU");
    }

    [Test]
    public void The_agent_gets_a_named_virtio_serial_port_on_the_harness_socket()
    {
        var args = QemuArguments.Build(Config(new VirtioNetDeviceOptions()));
        args.Should().Contain("socket,id=agent,path=/run/agent.sock,server=off");
        args.Should().Contain($"virtserialport,bus=agentbus.0,chardev=agent,name={QemuArguments.AgentPortName}");
    }

    [Test]
    public void Without_a_TAP_there_is_no_NIC_at_all()
    {
        var args = QemuArguments.Build(Config(new VirtioNetDeviceOptions(), fd: null));
        args.Should().NotContain("-netdev");
        args.Should().NotContain(a => a.StartsWith("virtio-net-pci", StringComparison.Ordinal));
    }

    [Test]
    public void Vhost_is_asked_for_on_the_netdev()
    {
        var args = QemuArguments.Build(Config(new VirtioNetDeviceOptions()) with { Vhost = true });
        args.Should().Contain("tap,id=net0,fd=7,vhost=on");
    }

    [Test]
    public void A_binarys_firmware_directory_is_QEMUs_L_and_an_installed_QEMU_gets_none()
    {
        QemuArguments.Build(Config(new VirtioNetDeviceOptions()) with { Firmware = "/src/qemu/build/pc-bios" }).Should().ContainInOrder("-L", "/src/qemu/build/pc-bios");
        QemuArguments.Build(Config(new VirtioNetDeviceOptions())).Should().NotContain("-L");
    }
}
