using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Interop.Netlink;
using Vnetconf.Links;

namespace Vnetconf.Harness.Tests.Netlink;

/// <summary>
/// Sizes and offsets of the netlink structs, pinned to what gcc reports for the uapi headers of linux-libc-dev 6.1
/// (sizeof/offsetof in a throwaway C program on x86_64).
/// </summary>
public class NetlinkLayoutTests
{
    [Test]
    public void Struct_sizes_match_the_kernel_headers()
    {
        Unsafe.SizeOf<nlmsghdr>().Should().Be(16);
        Unsafe.SizeOf<nlattr>().Should().Be(4);
        Unsafe.SizeOf<nlmsgerr>().Should().Be(20);
        Unsafe.SizeOf<sockaddr_nl>().Should().Be(12);
        Unsafe.SizeOf<ifinfomsg>().Should().Be(16);
        Unsafe.SizeOf<ifaddrmsg>().Should().Be(8);
        Unsafe.SizeOf<ndmsg>().Should().Be(12);
    }

    [Test]
    public void LinkStats_is_rtnl_link_stats64_in_kernel_order()
    {
        Unsafe.SizeOf<LinkStats>().Should().Be(200);
        Marshal.OffsetOf<LinkStats>(nameof(LinkStats.RxPackets)).Should().Be(0);
        Marshal.OffsetOf<LinkStats>(nameof(LinkStats.TxPackets)).Should().Be(8);
        Marshal.OffsetOf<LinkStats>(nameof(LinkStats.RxBytes)).Should().Be(16);
        Marshal.OffsetOf<LinkStats>(nameof(LinkStats.TxBytes)).Should().Be(24);
        Marshal.OffsetOf<LinkStats>(nameof(LinkStats.Multicast)).Should().Be(64);
        Marshal.OffsetOf<LinkStats>(nameof(LinkStats.TxAbortedErrors)).Should().Be(128);
        Marshal.OffsetOf<LinkStats>(nameof(LinkStats.RxOtherhostDropped)).Should().Be(192);
    }
}
