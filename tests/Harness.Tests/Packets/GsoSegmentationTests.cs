using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Packets;

namespace Vnetconf.Harness.Tests.Packets;

public sealed class GsoSegmentationTests
{
    [TestCase(40_000, 1448, 28, 904, Description = "the TSO super-frame of FACTS §5: 27 × 1488 + 944 IPv4 bytes")]
    [TestCase(3000, 1000, 3, 1000, Description = "USO 3000/1000: three full datagrams")]
    [TestCase(1000, 1448, 1, 1000, Description = "a payload under gso_size is one segment")]
    [TestCase(0, 1448, 1, 0, Description = "an empty payload is still one segment")]
    public void Segments_are_gso_size_pieces_with_a_shorter_last_one(int payload, int gsoSize, int count, int last)
    {
        GsoSegmentation.SegmentCount(payload, gsoSize).Should().Be(count);
        GsoSegmentation.LastSegmentPayloadLength(payload, gsoSize).Should().Be(last);
    }

    [Test]
    public void A_zero_gso_size_is_refused() =>
        FluentActions.Invoking(() => GsoSegmentation.SegmentCount(1000, 0)).Should().Throw<ArgumentOutOfRangeException>();
}
