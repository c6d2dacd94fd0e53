using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FluentAssertions;
using NUnit.Framework;
using Tmds.Linux;

namespace Vnetconf.Harness.Tests.Links;

/// <summary>
/// Sizes and offsets of Tmds.LibC's io_uring structs, which TapWriteRing maps and fills, pinned to what gcc reports for
/// the uapi header linux/io_uring.h of linux-libc-dev 6.1 (sizeof/offsetof in a throwaway C program on x86_64).
/// </summary>
public class IoUringLayoutTests
{
    [Test]
    public void Struct_sizes_match_the_kernel_headers()
    {
        Unsafe.SizeOf<io_uring_sqe>().Should().Be(64);
        Unsafe.SizeOf<io_uring_cqe>().Should().Be(16);
        Unsafe.SizeOf<io_uring_params>().Should().Be(120);
        Unsafe.SizeOf<io_uring_probe>().Should().Be(16);
        Unsafe.SizeOf<io_uring_probe_op>().Should().Be(8);
    }

    [Test]
    public void The_ring_offsets_sit_where_the_kernel_writes_them()
    {
        Marshal.OffsetOf<io_uring_params>(nameof(io_uring_params.sq_off)).Should().Be(40);
        Marshal.OffsetOf<io_uring_params>(nameof(io_uring_params.cq_off)).Should().Be(80);
    }
}
