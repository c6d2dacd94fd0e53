using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Netmap;

namespace Vnetconf.Harness.Tests.Netmap;

/// <summary>nm_ring_next, nm_ring_space and nm_ring_empty of netmap_user.h, and the head ≤ cur ≤ tail order.</summary>
public class NetmapRingArithmeticTests
{
    [TestCase(0u, 8u, 1u)]
    [TestCase(6u, 8u, 7u)]
    [TestCase(7u, 8u, 0u)]
    public void Next_wraps_from_the_last_slot_to_the_first(uint index, uint slots, uint next) =>
        NetmapRingArithmetic.Next(index, slots).Should().Be(next);

    [TestCase(2u, 5u, 8u, 3u)]
    [TestCase(6u, 2u, 8u, 4u)]
    [TestCase(3u, 3u, 8u, 0u)]
    [TestCase(3u, 2u, 8u, 7u)]
    public void Space_counts_from_head_to_tail_across_the_wrap(uint head, uint tail, uint slots, uint space) =>
        NetmapRingArithmetic.Space(head, tail, slots).Should().Be(space);

    [Test]
    public void A_ring_is_empty_when_head_meets_tail_and_full_one_slot_short_of_it()
    {
        NetmapRingArithmetic.IsEmpty(4, 4).Should().BeTrue();
        NetmapRingArithmetic.IsEmpty(4, 5).Should().BeFalse();
        NetmapRingArithmetic.Space(5, 4, 8).Should().Be(7, "one slot always stays with the kernel");
    }

    [TestCase(6u, 3u, 8u, 1u)]
    [TestCase(7u, 2u, 8u, 1u)]
    [TestCase(0u, 7u, 8u, 7u)]
    public void Advance_moves_forward_modulo_the_ring(uint index, uint count, uint slots, uint result) =>
        NetmapRingArithmetic.Advance(index, count, slots).Should().Be(result);

    [TestCase(6u, 7u, 2u, true)]
    [TestCase(6u, 1u, 2u, true)]
    [TestCase(6u, 2u, 2u, true)]
    [TestCase(6u, 3u, 2u, false)]
    [TestCase(6u, 5u, 2u, false)]
    [TestCase(2u, 2u, 2u, true)]
    [TestCase(8u, 0u, 0u, false)]
    public void Cur_must_lie_between_head_and_tail_walking_forward(uint head, uint cur, uint tail, bool consistent) =>
        NetmapRingArithmetic.IsConsistent(head, cur, tail, 8).Should().Be(consistent);
}
