using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Packets;

namespace Vnetconf.Harness.Tests.Packets;

public sealed class InternetChecksumTests
{
    private static readonly byte[] Random70K = TestFlows.Payload(70_016, seed: 1071);

    [Test]
    public void Sum_of_the_RFC_1071_example_is_0xddf2()
    {
        // RFC 1071 §3: the bytes 00 01 f2 03 f4 f5 f6 f7 sum to 2ddf0, folded ddf2.
        byte[] example = [0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7];

        InternetChecksum.Sum(example).Should().Be(0xddf2);
        InternetChecksum.Compute(example).Should().Be(0x220d);
    }

    [Test]
    public void Sum_matches_the_scalar_reference_for_every_short_length_at_every_alignment()
    {
        for (int offset = 0; offset < 4; offset++)
            for (int length = 0; length <= 300; length++)
            {
                var data = Random70K.AsSpan(offset, length);
                InternetChecksum.Sum(data).Should().Be(ReferenceChecksum.Sum(data), "offset {0}, length {1}", offset, length);
            }
    }

    [Test]
    public void Sum_matches_the_scalar_reference_for_random_lengths_up_to_70000_at_odd_alignments()
    {
        var random = new Random(20251125);
        for (int i = 0; i < 300; i++)
        {
            int offset = random.Next(0, 16);
            int length = random.Next(0, 70_001);
            var seed = (ushort)random.Next(0, 0x10000);
            var data = Random70K.AsSpan(offset, length);
            InternetChecksum.Sum(data, seed).Should().Be(ReferenceChecksum.Sum(data, seed), "offset {0}, length {1}, seed {2:x4}", offset, length, seed);
        }
    }

    [TestCase(31), TestCase(32), TestCase(33), TestCase(127), TestCase(128), TestCase(129), TestCase(65_535), TestCase(65_536), TestCase(70_000)]
    public void Sum_matches_the_scalar_reference_around_vector_block_boundaries(int length)
    {
        for (int offset = 0; offset < 3; offset++)
        {
            var data = Random70K.AsSpan(offset, length);
            InternetChecksum.Sum(data).Should().Be(ReferenceChecksum.Sum(data));
        }
    }

    [Test]
    public void Sum_does_not_overflow_on_all_ones_data_longer_than_a_widening_block()
    {
        // 0xFF bytes maximise every lane; 5 MB crosses the point where the vector lanes are widened (2 MB).
        var ones = new byte[5 * 1024 * 1024 + 3];
        ones.AsSpan().Fill(0xFF);

        InternetChecksum.Sum(ones).Should().Be(ReferenceChecksum.Sum(ones));
        InternetChecksum.Sum(ones.AsSpan(1)).Should().Be(ReferenceChecksum.Sum(ones.AsSpan(1)));
    }

    [Test]
    public void Sum_chains_over_an_even_split_like_one_sum_over_the_whole()
    {
        var data = Random70K.AsSpan(0, 1501);

        InternetChecksum.Sum(data[1000..], InternetChecksum.Sum(data[..1000])).Should().Be(InternetChecksum.Sum(data));
    }

    [Test]
    public void Data_that_includes_its_own_checksum_sums_to_negative_zero()
    {
        var data = Random70K.AsSpan(0, 64).ToArray();
        data[10] = data[11] = 0;
        ushort checksum = InternetChecksum.Compute(data);
        data[10] = (byte)(checksum >> 8);
        data[11] = (byte)checksum;

        InternetChecksum.Sum(data).Should().Be(0xFFFF);
    }

    [TestCase(0UL, (ushort)0)]
    [TestCase(0xFFFFUL, (ushort)0xFFFF)]
    [TestCase(0x1FFFEUL, (ushort)0xFFFF)]
    [TestCase(0x12345678UL, (ushort)0x68AC)]
    [TestCase(0x2DDF0UL, (ushort)0xDDF2)]
    [TestCase(ulong.MaxValue, (ushort)0xFFFF)]
    public void Fold_adds_the_carries_back_in(ulong sum, ushort folded) =>
        InternetChecksum.Fold(sum).Should().Be(folded);

    [Test]
    public void Add_is_ones_complement_addition() =>
        InternetChecksum.Add(0xFFFE, 0x0003).Should().Be(0x0002);

    [Test]
    public void Pseudo_header_sums_match_the_RFC_layouts_for_IPv4_and_IPv6()
    {
        var random = new Random(768);
        foreach (int addressLength in new[] { 4, 16 })
            for (int i = 0; i < 200; i++)
            {
                var source = new byte[addressLength];
                var destination = new byte[addressLength];
                random.NextBytes(source);
                random.NextBytes(destination);
                var protocol = (byte)(i % 2 == 0 ? 6 : 17);
                int length = random.Next(0, 0x10000);

                ushort actual = InternetChecksum.PseudoHeaderSum(
                    Address(source), Address(destination), (IPProtocol)protocol, length);

                actual.Should().Be(ReferenceChecksum.PseudoHeaderSum(source, destination, protocol, length));
            }

        static IPAddressBytes Address(byte[] bytes) =>
            bytes.Length == 4 ? IPAddressBytes.FromIPv4(bytes) : IPAddressBytes.FromIPv6(bytes);
    }

    [Test]
    public void The_IPv6_pseudo_header_counts_a_length_above_65535_in_both_halves()
    {
        var source = TestFlows.IPv6.SourceIP;
        var destination = TestFlows.IPv6.DestinationIP;
        byte[] sourceBytes = source.ToIPAddress().GetAddressBytes(), destinationBytes = destination.ToIPAddress().GetAddressBytes();

        InternetChecksum.PseudoHeaderSum(source, destination, IPProtocol.Tcp, 100_000)
            .Should().Be(ReferenceChecksum.PseudoHeaderSum(sourceBytes, destinationBytes, 6, 100_000));
    }

    [Test]
    public void A_pseudo_header_of_mixed_families_is_refused()
    {
        var act = () => InternetChecksum.PseudoHeaderSum(TestFlows.IPv4.SourceIP, TestFlows.IPv6.DestinationIP, IPProtocol.Udp, 8);

        act.Should().Throw<ArgumentException>();
    }
}
