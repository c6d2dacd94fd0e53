using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Netmap;
using static Vnetconf.Netmap.NetmapRegisterFlags;
using static Vnetconf.Netmap.NetmapRegistrationMode;

namespace Vnetconf.Harness.Tests.Netmap;

/// <summary>
/// Port names against libnetmap's parser: every expected request below is what nmreq_header_decode and
/// nmreq_register_decode (netmap commit 89607e14) produced for the same text in a C program.
/// </summary>
public class NetmapPortSpecTests
{
    private static readonly object[] ValidNames =
    [
        new object[] { "netmap:eth0", "eth0", NR_REG_ALL_NIC, 0, None, 0 },
        new object[] { "netmap:eth0^", "eth0", NR_REG_SW, 0, None, 0 },
        new object[] { "netmap:eth0^1", "eth0", NR_REG_ONE_SW, 1, None, 0 },
        new object[] { "netmap:eth0*", "eth0", NR_REG_NIC_SW, 0, None, 0 },
        new object[] { "netmap:eth0-0", "eth0", NR_REG_ONE_NIC, 0, None, 0 },
        new object[] { "netmap:eth0-3", "eth0", NR_REG_ONE_NIC, 3, None, 0 },
        new object[] { "netmap:eth0-4094", "eth0", NR_REG_ONE_NIC, 4094, None, 0 },
        new object[] { "netmap:eth0/R", "eth0", NR_REG_ALL_NIC, 0, NR_RX_RINGS_ONLY, 0 },
        new object[] { "netmap:eth0/T", "eth0", NR_REG_ALL_NIC, 0, NR_TX_RINGS_ONLY, 0 },
        new object[] { "netmap:eth0/z", "eth0", NR_REG_ALL_NIC, 0, NR_ZCOPY_MON, 0 },
        new object[] { "netmap:eth0/xtr", "eth0", NR_REG_ALL_NIC, 0, NR_EXCLUSIVE | NR_MONITOR_TX | NR_MONITOR_RX, 0 },
        new object[] { "netmap:eth0-2/Rx", "eth0", NR_REG_ONE_NIC, 2, NR_RX_RINGS_ONLY | NR_EXCLUSIVE, 0 },
        new object[] { "netmap:eth0*/T", "eth0", NR_REG_NIC_SW, 0, NR_TX_RINGS_ONLY, 0 },
        new object[] { "netmap:eth0^/R", "eth0", NR_REG_SW, 0, NR_RX_RINGS_ONLY, 0 },
        new object[] { "netmap:eth0^2/T", "eth0", NR_REG_ONE_SW, 2, NR_TX_RINGS_ONLY, 0 },
        new object[] { "netmap:eth0@2", "eth0", NR_REG_ALL_NIC, 0, None, 2 },
        new object[] { "netmap:eth0@2/x", "eth0", NR_REG_ALL_NIC, 0, NR_EXCLUSIVE, 2 },
        new object[] { "netmap:eth0-1@3", "eth0", NR_REG_ONE_NIC, 1, None, 3 },
        new object[] { "netmap:eth0.100", "eth0.100", NR_REG_ALL_NIC, 0, None, 0 },
        new object[] { "netmap:eth0{1", "eth0{1", NR_REG_ALL_NIC, 0, None, 0 },
        new object[] { "netmap:eth0}1", "eth0}1", NR_REG_ALL_NIC, 0, None, 0 },
        new object[] { "vale0:p1", "vale0:p1", NR_REG_ALL_NIC, 0, None, 0 },
        new object[] { "vale:p1", "vale:p1", NR_REG_ALL_NIC, 0, None, 0 },
        new object[] { "valeA_1:p1", "valeA_1:p1", NR_REG_ALL_NIC, 0, None, 0 },
        new object[] { "vale0:p1-1", "vale0:p1", NR_REG_ONE_NIC, 1, None, 0 },
        new object[] { "netmap:" + new string('a', 63), new string('a', 63), NR_REG_ALL_NIC, 0, None, 0 },
    ];

    [TestCaseSource(nameof(ValidNames))]
    public void A_valid_name_parses_into_the_request_libnetmap_builds(
        string text, string portName, NetmapRegistrationMode mode, int ringId, NetmapRegisterFlags flags, int memoryId)
    {
        var spec = NetmapPortSpec.Parse(text);

        spec.Should().BeEquivalentTo(new
        {
            Text = text, PortName = portName, Mode = mode, RingId = (ushort)ringId, Flags = flags, MemoryId = (ushort)memoryId,
            IsVale = text.StartsWith("vale", StringComparison.Ordinal),
        });
    }

    // Every name libnetmap refuses is refused here too, with the reason; the message fragments are ours.
    [TestCase("eth0", "must start with 'netmap:' or 'vale<switch>:'")]
    [TestCase("foo:eth0", "must start with 'netmap:'")]
    [TestCase("netmap", "':' is missing")]
    [TestCase("netmap:", "the port name is empty")]
    [TestCase("netmap:-1", "the port name is empty")]
    [TestCase("netmap0:eth0", "no identifier is allowed between 'netmap' and ':'")]
    [TestCase("netmapx:eth0", "no identifier is allowed")]
    [TestCase("vale-x:p", "'-x' is not a switch identifier")]
    [TestCase("netmap:eth0-", "ends where a ring number or a flag was expected")]
    [TestCase("netmap:eth0/", "ends where a ring number or a flag was expected")]
    [TestCase("netmap:eth0-x", "expected a ring number at 'x'")]
    [TestCase("netmap:eth0-4095", "ring 4095 is out of range [0, 4095)")]
    [TestCase("netmap:eth0-99999999999999999999", "out of range")]
    [TestCase("netmap:eth0/q", "unknown flag 'q'")]
    [TestCase("netmap:eth0//", "unknown flag '/'")]
    [TestCase("netmap:eth0^x", "unexpected character 'x'")]
    [TestCase("netmap:eth0*1", "unexpected character '1'")]
    [TestCase("netmap:eth0-1-2", "unexpected character '-'")]
    [TestCase("netmap:eth0^1^", "unexpected character '^'")]
    [TestCase("netmap:eth0-1x", "unexpected character 'x'")]
    [TestCase("netmap:eth0@", "the memory region after '@' is empty")]
    [TestCase("netmap:eth0@0", "memory region 0 is out of range")]
    [TestCase("netmap:eth0{", "the pipe name after '{' or '}' is empty")]
    [TestCase("netmap:eth0{a.b", "the pipe name 'a.b' is not an identifier")]
    public void An_invalid_name_is_refused_with_the_reason(string text, string reason)
    {
        var act = () => NetmapPortSpec.Parse(text);

        act.Should().Throw<FormatException>().WithMessage($"'{text}' is not a netmap port name: *{reason}*");
    }

    [Test]
    public void A_port_name_of_64_bytes_is_refused_because_nr_name_needs_its_NUL()
    {
        var act = () => NetmapPortSpec.Parse("netmap:" + new string('a', 64));

        act.Should().Throw<FormatException>().WithMessage("*longer than 63 bytes*");
    }

    // libnetmap passes these on; the binding refuses them up front rather than let the kernel or a missing feature do it.
    [TestCase("netmap:eth0@share=vale0:x", "the option '@share=vale0:x' is not supported")]
    [TestCase("netmap:eth0@conf:rings=2", "the option '@conf:rings=2' is not supported")]
    [TestCase("vale0:", "the port name is empty")]
    public void Names_libnetmap_passes_on_but_this_binding_cannot_honour_are_refused(string text, string reason)
    {
        var act = () => NetmapPortSpec.Parse(text);

        act.Should().Throw<FormatException>().WithMessage($"*{reason}*");
    }

    [Test]
    public void Adding_a_flag_keeps_the_flags_the_name_gave()
    {
        var spec = NetmapPortSpec.Parse("netmap:eth0/x").WithFlags(NR_ACCEPT_VNET_HDR);

        spec.Flags.Should().Be(NR_EXCLUSIVE | NR_ACCEPT_VNET_HDR);
    }
}
