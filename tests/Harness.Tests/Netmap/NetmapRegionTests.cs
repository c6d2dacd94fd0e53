using System.Runtime.InteropServices;
using System.Text;
using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Netmap;

namespace Vnetconf.Harness.Tests.Netmap;

/// <summary>
/// The shared region's address arithmetic (NETMAP_IF, NETMAP_TXRING, NETMAP_RXRING, NETMAP_BUF_OFFSET) and the
/// head/cur/tail handling, on a region laid out in ordinary memory the way netmap_mem2.c lays out the real one:
/// netmap_if at 0x100, TX ring 0 at 0x1000, RX ring 0 at 0x2000, the host rings unbound (offset 0), 2048-byte
/// buffers from 0x4000.
/// </summary>
public unsafe class NetmapRegionTests
{
    private const int RegionSize = 0x10000, InterfaceOffset = 0x100, TxRingOffset = 0x1000, RxRingOffset = 0x2000;
    private const int BuffersOffset = 0x4000, BufferSize = 2048, SlotCount = 8;

    private byte* memory;

    [SetUp]
    public void LayOutRegion()
    {
        memory = (byte*)NativeMemory.AlignedAlloc(RegionSize, 4096);
        new Span<byte>(memory, RegionSize).Clear();
        var nifp = (netmap_if*)(memory + InterfaceOffset);
        Encoding.ASCII.GetBytes("eth0").CopyTo(new Span<byte>(nifp->ni_name, 16));
        nifp->ni_tx_rings = nifp->ni_rx_rings = nifp->ni_host_tx_rings = nifp->ni_host_rx_rings = 1;
        var ringOffsets = (long*)((byte*)nifp + NetmapRegion.RingOffsetsOffset);
        ringOffsets[0] = TxRingOffset - InterfaceOffset;
        ringOffsets[2] = RxRingOffset - InterfaceOffset;
        InitRing(TxRingOffset, direction: NetmapRing.DirectionTx);
        InitRing(RxRingOffset, direction: NetmapRing.DirectionRx);
    }

    [TearDown]
    public void FreeRegion() => NativeMemory.AlignedFree(memory);

    [Test]
    public void Rings_are_found_through_ring_ofs_in_netmap_if_order()
    {
        using var region = Region();

        region.InterfaceName.Should().Be("eth0");
        var tx = region.TxRing(0);
        var rx = region.RxRing(0);
        tx.IsTransmit.Should().BeTrue();
        rx.IsTransmit.Should().BeFalse();
        tx.SlotCount.Should().Be(SlotCount);
        rx.BufferSize.Should().Be(BufferSize);
    }

    [Test]
    public void A_slots_buffer_is_found_from_the_ring_by_buf_ofs_and_buf_idx()
    {
        using var region = Region();
        new Span<byte>(memory + BuffersOffset + 5 * BufferSize, 4).Fill(0xab);
        Ring(RxRingOffset)->head = 3;
        Slot(RxRingOffset, 3)->buf_idx = 5;

        var buffer = region.RxRing(0).Buffer(3);

        buffer.Length.Should().Be(BufferSize);
        buffer[..4].ToArray().Should().Equal(0xab, 0xab, 0xab, 0xab);
    }

    [Test]
    public void The_slot_offset_under_offset_mask_moves_the_buffer_start()
    {
        using var region = Region();
        Ring(RxRingOffset)->offset_mask = 0xff;
        Slot(RxRingOffset, 0)->buf_idx = 2;
        Slot(RxRingOffset, 0)->ptr = 0x1234_0010;
        memory[BuffersOffset + 2 * BufferSize + 0x10] = 0x5a;

        var buffer = region.RxRing(0).Buffer(0);

        buffer.Length.Should().Be(BufferSize - 0x10);
        buffer[0].Should().Be(0x5a);
    }

    [Test]
    public void Release_moves_head_and_cur_together_across_the_wrap()
    {
        using var region = Region();
        var ring = region.RxRing(0);
        SetIndices(RxRingOffset, head: 6, cur: 6, tail: 2);

        ring.Space.Should().Be(4);
        ring.Release(3);

        (ring.Head, ring.Cur, ring.Tail).Should().Be((1u, 1u, 2u));
        ring.Space.Should().Be(1);
    }

    [Test]
    public void Releasing_more_slots_than_the_application_owns_is_refused()
    {
        using var region = Region();
        SetIndices(TxRingOffset, head: 6, cur: 6, tail: 7);

        var act = () => region.TxRing(0).Release(2);

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*owns only 1 slots from head 6*");
    }

    [Test]
    public void A_ring_whose_cur_lies_outside_head_to_tail_is_reported_inconsistent()
    {
        using var region = Region();
        SetIndices(TxRingOffset, head: 2, cur: 5, tail: 4);

        var act = () => region.TxRing(0).Release(1);

        act.Should().Throw<InvalidDataException>().WithMessage("*inconsistent: head 2, cur 5, tail 4*");
    }

    [Test]
    public void A_ring_the_registration_did_not_bind_is_refused_by_name()
    {
        using var region = Region();

        var act = () => region.TxRing(1);

        act.Should().Throw<InvalidOperationException>().WithMessage("TX ring 1 of eth0 is not bound by this registration");
    }

    [Test]
    public void A_buffer_index_pointing_outside_the_region_is_an_error_not_a_stray_read()
    {
        using var region = Region();
        Slot(TxRingOffset, 0)->buf_idx = 1000;

        Action act = () => _ = region.TxRing(0).Buffer(0).Length;

        act.Should().Throw<InvalidDataException>().WithMessage("*buffer 1000*outside the 65536-byte netmap region*");
    }

    [Test]
    public void A_ring_claiming_the_wrong_direction_is_rejected()
    {
        Ring(RxRingOffset)->dir = NetmapRing.DirectionTx;
        using var region = Region();

        var act = () => region.RxRing(0);

        act.Should().Throw<InvalidDataException>().WithMessage("RX ring 0 of eth0 says its direction is 1 (1 TX, 0 RX)");
    }

    [Test]
    public void A_netmap_if_beyond_the_region_is_rejected()
    {
        Action act = () => new NetmapRegion(memory, 0x1000, 0x0ff0, ownsMapping: false).Dispose();

        act.Should().Throw<InvalidDataException>().WithMessage("*does not fit a region of 4096 bytes*");
    }

    [Test]
    public void A_disposed_region_refuses_further_use()
    {
        var region = Region();
        region.Dispose();

        var act = () => region.TxRing(0);

        act.Should().Throw<ObjectDisposedException>();
    }

    private NetmapRegion Region() => new(memory, RegionSize, InterfaceOffset, ownsMapping: false);

    private netmap_ring* Ring(int offset) => (netmap_ring*)(memory + offset);

    private netmap_slot* Slot(int ringOffset, int index) => (netmap_slot*)(memory + ringOffset + sizeof(netmap_ring)) + index;

    private void InitRing(int offset, ushort direction)
    {
        var ring = Ring(offset);
        ring->buf_ofs = BuffersOffset - offset;
        ring->num_slots = SlotCount;
        ring->nr_buf_size = BufferSize;
        ring->dir = direction;
    }

    private void SetIndices(int ringOffset, uint head, uint cur, uint tail)
    {
        var ring = Ring(ringOffset);
        (ring->head, ring->cur, ring->tail) = (head, cur, tail);
    }
}
