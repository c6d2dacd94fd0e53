using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Netmap;

namespace Vnetconf.Harness.Tests.Netmap;

/// <summary>
/// pkt-gen's -X dump read back into slots: against output captured from a real pkt-gen (netmap's apps/pkt-gen, in a
/// Debian 12 guest on netmap:eth0) and against the edge cases of dump_payload()'s format.
/// </summary>
public sealed class PktGenDumpTests
{
    private static string Fixture(string name) => File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Netmap", "Fixtures", name));

    /// <summary>
    /// Captured 2026-12-04: pkt-gen of netmap A (static, from apps/pkt-gen) in vnetconf's Debian 12 guest (6.1.0-57), native
    /// adapter, modern virtio-net with mrg_rxbuf=off, receiving the frame the netmap.rx cell injects on tap0. The slot holds
    /// 2 stale bytes before the Ethernet header (the native adapter's 10-byte header on a 12-byte device) and is 106 bytes long,
    /// as the agent saw the same frame in the same cell.
    /// </summary>
    [Test]
    public void A_real_pkt_gen_receive_dump_reads_back_as_the_slot_the_agent_saw()
    {
        var slot = PktGenDump.Parse(Fixture("pkt-gen-rx-native-modern-mrg-rxbuf-off.txt")).Should().ContainSingle().Which;

        slot.Should().BeEquivalentTo(new { Ring = "0x7f86c9c93000", Cur = 0, BufferIndex = 2, Flags = 0, Length = 106 });
        slot.Bytes.Should().HaveCount(106);
        // The agent's notes for that cell: "slot 106 B (ring 0, slot 0), first bytes 027602766E63000102766E63000208004500005A00004000".
        Convert.ToHexString(slot.Bytes.AsSpan(0, 24)).Should().Be("027602766E63000102766E63000208004500005A00004000");
        System.Text.Encoding.ASCII.GetString(slot.Bytes.AsSpan(44)).Should().Be("vnetconf pkt-gen rx native, vnet_hdr=on, modern, mrg_rxbuf=off");
    }

    /// <summary>The same guest and adapter, pkt-gen -f tx -n 1 -X: the one 60-byte frame it put in a TX slot (its own UDP packet).</summary>
    [Test]
    public void A_real_pkt_gen_transmit_dump_reads_back_as_the_frame_it_sent()
    {
        var slot = PktGenDump.Parse(Fixture("pkt-gen-tx-native-modern-mrg-rxbuf-off.txt")).Should().ContainSingle().Which;

        slot.Should().BeEquivalentTo(new { Cur = 0, BufferIndex = 258, Flags = 0, Length = 60 });
        Convert.ToHexString(slot.Bytes.AsSpan(0, 14)).Should().Be("FFFFFFFFFFFF02766E6300010800", "broadcast from eth0's address, IPv4");
        System.Text.Encoding.ASCII.GetString(slot.Bytes.AsSpan(42)).Should().Be("netmap pkt-gen DIR");
    }

    [Test]
    public void A_slot_whose_length_is_not_a_multiple_of_16_ends_on_a_line_without_its_ASCII_column()
    {
        // dump_payload's last, partial line: the NUL after the last "%02x " ends the string before the ASCII column.
        const string dump =
            "Receiving from netmap:eth0: 1 queues, 1 threads and 1 cpus.\n" +
            "ring 0x7f5e2c3a1000 cur    17 [buf   2071 flags 0x0000 len    18]\n" +
            "    0: ff ff ff ff ff ff 52 54 00 12 34 56 08 00 45 00 ......RT..4V..E.\n" +
            "   16: 00 2e \n";

        var slot = PktGenDump.Parse(dump).Should().ContainSingle().Which;

        slot.Should().BeEquivalentTo(new { Ring = "0x7f5e2c3a1000", Cur = 17, BufferIndex = 2071, Flags = 0, Length = 18 });
        slot.Bytes.Should().Equal(Convert.FromHexString("FFFFFFFFFFFF5254001234560800450000" + "2E"));
    }

    [Test]
    public void Several_slots_and_the_lines_around_them_are_told_apart()
    {
        const string dump =
            "ring 0x1000 cur     0 [buf     10 flags 0x0020 len     2]\n" +
            "    0: 01 02 \n" +
            "ring 0x1000 cur     1 [buf     11 flags 0x0000 len     1]\n" +
            "    0: 03 \n" +
            "Speed: 1.00 pps\n";

        var slots = PktGenDump.Parse(dump);

        slots.Select(s => (s.Cur, s.Flags, s.Bytes.Length)).Should().Equal((0, 0x20, 2), (1, 0, 1));
    }

    [Test]
    public void A_dump_cut_short_is_refused_rather_than_read_as_a_shorter_slot()
    {
        const string dump =
            "ring 0x1000 cur     0 [buf     10 flags 0x0000 len    20]\n" +
            "    0: 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10 ................\n";

        var act = () => PktGenDump.Parse(dump);

        act.Should().Throw<FormatException>().WithMessage("*16 of its 20 bytes*");
    }

    [Test]
    public void Output_without_a_dump_has_no_slots()
    {
        PktGenDump.Parse("Sending on netmap:eth0: 1 queues, 1 threads and 1 cpus.\n").Should().BeEmpty();
    }
}
