using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Interop;
using Vnetconf.Interop.Ethtool;

namespace Vnetconf.Harness.Tests.Ethtool;

/// <summary>
/// Sizes and offsets of the ethtool ioctl structs, pinned to what gcc reports for the uapi headers of linux-libc-dev
/// 6.1 on x86_64 (sizeof/offsetof in a throwaway C program), and the command numbers from the same headers.
/// </summary>
public class EthtoolLayoutTests
{
    [Test]
    public void Struct_sizes_match_the_kernel_headers()
    {
        Unsafe.SizeOf<IfReq>().Should().Be(40);
        Unsafe.SizeOf<ethtool_drvinfo>().Should().Be(196);
        Unsafe.SizeOf<ethtool_sset_info>().Should().Be(16);
        Unsafe.SizeOf<ethtool_gstrings>().Should().Be(12);
        Unsafe.SizeOf<ethtool_gfeatures>().Should().Be(8);
        Unsafe.SizeOf<ethtool_get_features_block>().Should().Be(16);
        Unsafe.SizeOf<ethtool_sfeatures>().Should().Be(8);
        Unsafe.SizeOf<ethtool_set_features_block>().Should().Be(8);
    }

    [Test]
    public void Field_offsets_match_the_kernel_headers()
    {
        Marshal.OffsetOf<IfReq>(nameof(IfReq.Data)).Should().Be(16);
        Marshal.OffsetOf<ethtool_drvinfo>(nameof(ethtool_drvinfo.version)).Should().Be(36);
        Marshal.OffsetOf<ethtool_drvinfo>(nameof(ethtool_drvinfo.bus_info)).Should().Be(100);
        Marshal.OffsetOf<ethtool_drvinfo>(nameof(ethtool_drvinfo.n_priv_flags)).Should().Be(176);
    }

    [Test]
    public void Command_numbers_match_the_kernel_headers()
    {
        LinuxSockios.SIOCETHTOOL.Should().Be(35142);
        LinuxEthtool.ETHTOOL_GDRVINFO.Should().Be(3);
        LinuxEthtool.ETHTOOL_GSTRINGS.Should().Be(27);
        LinuxEthtool.ETHTOOL_GSSET_INFO.Should().Be(55);
        LinuxEthtool.ETHTOOL_GFEATURES.Should().Be(58);
        LinuxEthtool.ETHTOOL_SFEATURES.Should().Be(59);
        LinuxEthtool.ETH_SS_FEATURES.Should().Be(4);
    }
}
