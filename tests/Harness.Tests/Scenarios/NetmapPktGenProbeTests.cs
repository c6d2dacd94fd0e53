using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Netmap;
using Vnetconf.Scenarios;

namespace Vnetconf.Harness.Tests.Scenarios;

/// <summary>
/// How pkt-gen's view of a received slot is compared with the agent's: agreement is "yes"; every difference (adapter,
/// slot length, where the Ethernet header starts, a frame byte) is named; the bytes before the Ethernet header are not compared.
/// </summary>
public sealed class NetmapPktGenProbeTests
{
    private static readonly byte[] Frame = Enumerable.Range(0, 60).Select(i => (byte)(i + 1)).ToArray();

    private static PktGenSlot PktGen(byte[] bytes) => new("0x7f0000001000", 3, 1200, 0, bytes.Length, bytes);

    private static NetmapReceivedFrame Agent(byte[] bytes) => new(0, 7, bytes.Length, NetmapSlotFlags.None, bytes);

    [Test]
    public void The_same_slot_seen_by_both_agrees()
    {
        NetmapPktGenProbe.CompareReceived(PktGen(Frame), Agent(Frame), Frame, "Generic", "Generic").Should().Be("yes");
    }

    [Test]
    public void Stale_bytes_before_the_Ethernet_header_may_differ_between_two_buffers()
    {
        byte[] ours = [0xaa, 0xbb, .. Frame], theirs = [0x00, 0x00, .. Frame];

        NetmapPktGenProbe.CompareReceived(PktGen(ours), Agent(theirs), Frame, "Native", "Native").Should().Be("yes");
    }

    [Test]
    public void A_different_slot_length_is_a_disagreement_naming_both()
    {
        byte[] longer = [.. Frame, 0, 0];

        NetmapPktGenProbe.CompareReceived(PktGen(longer), Agent(Frame), Frame, "Native", "Native")
            .Should().Be("no: slot length 62 (pkt-gen) vs 60 (agent)");
    }

    [Test]
    public void A_different_Ethernet_offset_is_a_disagreement_naming_both()
    {
        byte[] shifted = [0, 0, .. Frame], padded = [.. Frame, 0, 0];

        NetmapPktGenProbe.CompareReceived(PktGen(shifted), Agent(padded), Frame, "Native", "Native")
            .Should().Be("no: Ethernet header at byte 2 (pkt-gen) vs byte 0 (agent)");
    }

    [Test]
    public void A_different_frame_byte_is_a_disagreement_naming_the_byte()
    {
        var changed = Frame.ToArray();
        changed[40] ^= 0xff;

        NetmapPktGenProbe.CompareReceived(PktGen(changed), Agent(Frame), Frame, "Generic", "Generic")
            .Should().Be($"no: frame byte 40 (slot byte 40) is 0x{changed[40]:x2} (pkt-gen) vs 0x{Frame[40]:x2} (agent)");
    }

    [Test]
    public void Different_adapters_or_a_frame_only_one_saw_are_disagreements()
    {
        NetmapPktGenProbe.CompareReceived(PktGen(Frame), Agent(Frame), Frame, "Native", "Generic").Should().Be("no: adapter Native (pkt-gen) vs Generic (agent)");
        NetmapPktGenProbe.CompareReceived(null, Agent(Frame), Frame, "Generic", "Generic").Should().Be("no: pkt-gen saw no marked frame, the agent did");
        NetmapPktGenProbe.CompareReceived(null, null, Frame, "Generic", "Generic").Should().Be("yes", "both saw nothing: they agree, and the cell's own aspects judge the absence");
    }
}
