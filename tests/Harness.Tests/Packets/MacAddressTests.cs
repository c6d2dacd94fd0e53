using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Packets;

namespace Vnetconf.Harness.Tests.Packets;

public sealed class MacAddressTests
{
    [Test]
    public void Parses_and_formats_colon_separated_lower_case_hex()
    {
        var address = MacAddress.Parse("02:00:5E:10:aB:ff");

        address.ToString().Should().Be("02:00:5e:10:ab:ff");
        MacAddress.Parse("02-00-5e-10-ab-ff").Should().Be(address);
    }

    [TestCase("")]
    [TestCase("02:00:00:00:00")]
    [TestCase("02:00:00:00:00:0g")]
    [TestCase("02:00:00:00:00:001")]
    [TestCase("02.00.00.00.00.01")]
    [TestCase(" 2:00:00:00:00:01")]
    public void Rejects_text_that_is_not_six_hex_bytes(string text)
    {
        MacAddress.TryParse(text, out _).Should().BeFalse();
        FluentActions.Invoking(() => MacAddress.Parse(text)).Should().Throw<FormatException>();
    }

    [Test]
    public void Reads_and_writes_wire_order()
    {
        byte[] wire = [0x02, 0x00, 0x00, 0x00, 0x00, 0x0a];
        var address = MacAddress.Read(wire);

        address.ToString().Should().Be("02:00:00:00:00:0a");
        var written = new byte[6];
        address.WriteTo(written).Should().Be(6);
        written.Should().Equal(wire);
    }

    [Test]
    public void Locally_administered_addresses_are_unicast_distinct_and_carry_the_index()
    {
        var first = MacAddress.LocallyAdministered(1);
        var large = MacAddress.LocallyAdministered(0x12345678);

        first.ToString().Should().Be("02:00:00:00:00:01");
        large.ToString().Should().Be("02:00:12:34:56:78");
        first.IsLocallyAdministered.Should().BeTrue();
        first.IsMulticast.Should().BeFalse();
        first.Should().NotBe(MacAddress.LocallyAdministered(2));
    }

    [Test]
    public void Broadcast_is_all_ones_and_multicast()
    {
        MacAddress.Broadcast.ToString().Should().Be("ff:ff:ff:ff:ff:ff");
        MacAddress.Broadcast.IsMulticast.Should().BeTrue();
    }
}
