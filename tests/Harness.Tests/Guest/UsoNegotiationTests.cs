using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Guest;
using Vnetconf.Scenarios;

namespace Vnetconf.Harness.Tests.Guest;

public sealed class UsoNegotiationTests
{
    private static readonly Version Qemu10 = new(10, 0, 13);
    private static readonly KernelVersion Linux618 = new(6, 18, 44);
    private static readonly KernelVersion Linux612 = new(6, 12, 117);

    [Test]
    public void The_version_is_read_from_QEMUs_first_line()
    {
        UsoNegotiation.ParseQemuVersion("QEMU emulator version 10.0.13 (Debian 1:10.0.13+ds-0+deb13u1)").Should().Be(Qemu10);
        UsoNegotiation.ParseQemuVersion("QEMU emulator version 7.2.19 (Debian 1:7.2+dfsg-7+deb12u16)").Should().Be(new Version(7, 2, 19));
        var act = () => UsoNegotiation.ParseQemuVersion("qemu-system-x86_64: not found");
        act.Should().Throw<FormatException>();
    }

    [Test]
    public void All_three_bits_when_QEMU_the_host_and_the_guest_know_them()
    {
        UsoNegotiation.Expect(Qemu10, Linux618, Linux612, vnetHeader: true).Expected.Should().Be(UsoNegotiation.Bits);
    }

    [TestCase(7, 2, 6, 18, 6, 12, true, "predates USO")]
    [TestCase(10, 0, 6, 1, 6, 12, true, "host's tun")]
    [TestCase(10, 0, 6, 18, 6, 1, true, "guest's virtio_net")]
    [TestCase(10, 0, 6, 18, 6, 12, false, "no vnet header")]
    public void None_when_one_of_them_lacks_USO(int qemuMajor, int qemuMinor, int hostMajor, int hostMinor, int guestMajor, int guestMinor, bool vnetHeader, string reason)
    {
        var (expected, why) = UsoNegotiation.Expect(new Version(qemuMajor, qemuMinor, 0), new KernelVersion(hostMajor, hostMinor, 0),
            new KernelVersion(guestMajor, guestMinor, 0), vnetHeader);
        expected.Should().Be(default(VirtioFeatureSet));
        why.Should().Contain(reason);
    }
}
