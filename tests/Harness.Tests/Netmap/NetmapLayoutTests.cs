using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Netmap;

namespace Vnetconf.Harness.Tests.Netmap;

/// <summary>
/// Sizes, offsets, ioctl numbers and constants of the netmap ABI, pinned to what gcc 12 (x86_64) printed with
/// sizeof/offsetof against netmap's own sys/net/netmap.h and netmap_user.h at commit 89607e14 (2026-02-10),
/// which agree with ../shared/FACTS-netmap.md.
/// </summary>
public class NetmapLayoutTests
{
    [Test]
    public void Struct_sizes_match_netmaps_headers()
    {
        Unsafe.SizeOf<nmreq_header>().Should().Be(88);
        Unsafe.SizeOf<nmreq_register>().Should().Be(56);
        Unsafe.SizeOf<nmreq_port_info_get>().Should().Be(32);
        Unsafe.SizeOf<nmreq_port_hdr>().Should().Be(8);
        Unsafe.SizeOf<netmap_slot>().Should().Be(16);
        Unsafe.SizeOf<netmap_ring>().Should().Be(256, "slot[] starts at offset 256");
        Unsafe.SizeOf<netmap_if>().Should().Be(56, "ring_ofs[] starts at offset 56");
        NetmapRegion.RingOffsetsOffset.Should().Be(56);
    }

    [TestCase(nameof(nmreq_header.nr_version), 0)]
    [TestCase(nameof(nmreq_header.nr_reqtype), 2)]
    [TestCase(nameof(nmreq_header.nr_reserved), 4)]
    [TestCase(nameof(nmreq_header.nr_name), 8)]
    [TestCase(nameof(nmreq_header.nr_options), 72)]
    [TestCase(nameof(nmreq_header.nr_body), 80)]
    public void Request_header_fields_sit_where_netmap_puts_them(string field, int offset) =>
        Marshal.OffsetOf<nmreq_header>(field).Should().Be(offset);

    [TestCase(nameof(nmreq_register.nr_offset), 0)]
    [TestCase(nameof(nmreq_register.nr_memsize), 8)]
    [TestCase(nameof(nmreq_register.nr_tx_slots), 16)]
    [TestCase(nameof(nmreq_register.nr_rx_slots), 20)]
    [TestCase(nameof(nmreq_register.nr_tx_rings), 24)]
    [TestCase(nameof(nmreq_register.nr_rx_rings), 26)]
    [TestCase(nameof(nmreq_register.nr_host_tx_rings), 28)]
    [TestCase(nameof(nmreq_register.nr_host_rx_rings), 30)]
    [TestCase(nameof(nmreq_register.nr_mem_id), 32)]
    [TestCase(nameof(nmreq_register.nr_ringid), 34)]
    [TestCase(nameof(nmreq_register.nr_mode), 36)]
    [TestCase(nameof(nmreq_register.nr_extra_bufs), 40)]
    [TestCase(nameof(nmreq_register.nr_flags), 48)]
    public void Register_body_fields_sit_where_netmap_puts_them(string field, int offset) =>
        Marshal.OffsetOf<nmreq_register>(field).Should().Be(offset);

    [TestCase(nameof(nmreq_port_info_get.nr_memsize), 0)]
    [TestCase(nameof(nmreq_port_info_get.nr_tx_slots), 8)]
    [TestCase(nameof(nmreq_port_info_get.nr_rx_slots), 12)]
    [TestCase(nameof(nmreq_port_info_get.nr_tx_rings), 16)]
    [TestCase(nameof(nmreq_port_info_get.nr_rx_rings), 18)]
    [TestCase(nameof(nmreq_port_info_get.nr_host_tx_rings), 20)]
    [TestCase(nameof(nmreq_port_info_get.nr_host_rx_rings), 22)]
    [TestCase(nameof(nmreq_port_info_get.nr_mem_id), 24)]
    public void Port_info_fields_sit_where_netmap_puts_them(string field, int offset) =>
        Marshal.OffsetOf<nmreq_port_info_get>(field).Should().Be(offset);

    [Test]
    public void Port_header_and_slot_fields_sit_where_netmap_puts_them()
    {
        Marshal.OffsetOf<nmreq_port_hdr>(nameof(nmreq_port_hdr.nr_hdr_len)).Should().Be(0);
        Marshal.OffsetOf<nmreq_port_hdr>(nameof(nmreq_port_hdr.pad1)).Should().Be(4);
        Marshal.OffsetOf<netmap_slot>(nameof(netmap_slot.buf_idx)).Should().Be(0);
        Marshal.OffsetOf<netmap_slot>(nameof(netmap_slot.len)).Should().Be(4);
        Marshal.OffsetOf<netmap_slot>(nameof(netmap_slot.flags)).Should().Be(6);
        Marshal.OffsetOf<netmap_slot>(nameof(netmap_slot.ptr)).Should().Be(8);
    }

    [TestCase(nameof(netmap_ring.buf_ofs), 0)]
    [TestCase(nameof(netmap_ring.num_slots), 8)]
    [TestCase(nameof(netmap_ring.nr_buf_size), 12)]
    [TestCase(nameof(netmap_ring.ringid), 16)]
    [TestCase(nameof(netmap_ring.dir), 18)]
    [TestCase(nameof(netmap_ring.head), 20)]
    [TestCase(nameof(netmap_ring.cur), 24)]
    [TestCase(nameof(netmap_ring.tail), 28)]
    [TestCase(nameof(netmap_ring.flags), 32)]
    [TestCase(nameof(netmap_ring.ts), 40)]
    [TestCase(nameof(netmap_ring.offset_mask), 56)]
    [TestCase(nameof(netmap_ring.buf_align), 64)]
    [TestCase(nameof(netmap_ring.sem), 128)]
    public void Ring_fields_sit_where_netmap_puts_them(string field, int offset) =>
        Marshal.OffsetOf<netmap_ring>(field).Should().Be(offset);

    [TestCase(nameof(netmap_if.ni_name), 0)]
    [TestCase(nameof(netmap_if.ni_version), 16)]
    [TestCase(nameof(netmap_if.ni_flags), 20)]
    [TestCase(nameof(netmap_if.ni_tx_rings), 24)]
    [TestCase(nameof(netmap_if.ni_rx_rings), 28)]
    [TestCase(nameof(netmap_if.ni_bufs_head), 32)]
    [TestCase(nameof(netmap_if.ni_host_tx_rings), 36)]
    [TestCase(nameof(netmap_if.ni_host_rx_rings), 40)]
    [TestCase(nameof(netmap_if.ni_spare1), 44)]
    public void Interface_fields_sit_where_netmap_puts_them(string field, int offset) =>
        Marshal.OffsetOf<netmap_if>(field).Should().Be(offset);

    [Test]
    public void Ioctl_numbers_and_api_constants_match_netmaps_headers()
    {
        NetmapAbi.NIOCCTRL.Should().Be(0xc0586997);
        NetmapAbi.NIOCTXSYNC.Should().Be(0x00006994);
        NetmapAbi.NIOCRXSYNC.Should().Be(0x00006995);
        NetmapAbi.NETMAP_API.Should().Be(14);
        NetmapAbi.NETMAP_REQ_IFNAMSIZ.Should().Be(64);
        NetmapAbi.NETMAP_RING_MASK.Should().Be(0xfff);
    }

    [Test]
    public void Request_types_registration_modes_and_flags_match_netmaps_headers()
    {
        ((int)NetmapRequestType.NETMAP_REQ_REGISTER).Should().Be(1);
        ((int)NetmapRequestType.NETMAP_REQ_PORT_INFO_GET).Should().Be(2);
        ((int)NetmapRequestType.NETMAP_REQ_PORT_HDR_SET).Should().Be(6);
        ((int)NetmapRequestType.NETMAP_REQ_PORT_HDR_GET).Should().Be(7);
        ((int)NetmapRequestType.NETMAP_REQ_VALE_NEWIF).Should().Be(8);
        ((int)NetmapRequestType.NETMAP_REQ_VALE_DELIF).Should().Be(9);
        ((int)NetmapRequestType.NETMAP_REQ_CSB_ENABLE).Should().Be(15);

        ((int)NetmapRegistrationMode.NR_REG_ALL_NIC).Should().Be(1);
        ((int)NetmapRegistrationMode.NR_REG_SW).Should().Be(2);
        ((int)NetmapRegistrationMode.NR_REG_NIC_SW).Should().Be(3);
        ((int)NetmapRegistrationMode.NR_REG_ONE_NIC).Should().Be(4);
        ((int)NetmapRegistrationMode.NR_REG_NULL).Should().Be(7);
        ((int)NetmapRegistrationMode.NR_REG_ONE_SW).Should().Be(8);

        ((ulong)NetmapRegisterFlags.NR_MONITOR_TX).Should().Be(0x100);
        ((ulong)NetmapRegisterFlags.NR_MONITOR_RX).Should().Be(0x200);
        ((ulong)NetmapRegisterFlags.NR_ZCOPY_MON).Should().Be(0x400);
        ((ulong)NetmapRegisterFlags.NR_EXCLUSIVE).Should().Be(0x800);
        ((ulong)NetmapRegisterFlags.NR_RX_RINGS_ONLY).Should().Be(0x2000);
        ((ulong)NetmapRegisterFlags.NR_TX_RINGS_ONLY).Should().Be(0x4000);
        ((ulong)NetmapRegisterFlags.NR_ACCEPT_VNET_HDR).Should().Be(0x8000);
        ((ulong)NetmapRegisterFlags.NR_DO_RX_POLL).Should().Be(0x10000);
        ((ulong)NetmapRegisterFlags.NR_NO_TX_POLL).Should().Be(0x20000);

        ((int)NetmapSlotFlags.NS_BUF_CHANGED).Should().Be(0x1);
        ((int)NetmapSlotFlags.NS_REPORT).Should().Be(0x2);
        ((int)NetmapSlotFlags.NS_FORWARD).Should().Be(0x4);
        ((int)NetmapSlotFlags.NS_NO_LEARN).Should().Be(0x8);
        ((int)NetmapSlotFlags.NS_INDIRECT).Should().Be(0x10);
        ((int)NetmapSlotFlags.NS_MOREFRAG).Should().Be(0x20);

        ((int)NetmapAdapterMode.NETMAP_ADMODE_BEST).Should().Be(0);
        ((int)NetmapAdapterMode.NETMAP_ADMODE_NATIVE).Should().Be(1);
        ((int)NetmapAdapterMode.NETMAP_ADMODE_GENERIC).Should().Be(2);
    }
}
