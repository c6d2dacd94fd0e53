using System.Net;
using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Packets;

namespace Vnetconf.Harness.Tests.Packets;

public sealed class IPAddressBytesTests
{
    [TestCase("198.18.0.1")]
    [TestCase("0.0.0.0")]
    [TestCase("255.255.255.255")]
    [TestCase("2001:db8::1")]
    [TestCase("::")]
    [TestCase("::1")]
    [TestCase("fe80::ff:fe00:a")]
    [TestCase("ff02::1:ff00:2")]
    [TestCase("::ffff:198.18.0.1")]
    [TestCase("::198.18.0.1")]
    [TestCase("::ffff:0:198.18.0.1")]
    [TestCase("fe80::5efe:198.18.0.1")]
    [TestCase("2001:db8:0:0:1:0:0:1")]
    [TestCase("1:0:0:2:0:0:0:3")]
    [TestCase("2001:db8:1:2:3:4:5:6")]
    public void Formats_and_round_trips_as_IPAddress_does(string text)
    {
        var system = IPAddress.Parse(text);
        var address = IPAddressBytes.From(system);

        address.ToString().Should().Be(system.ToString());
        address.ToIPAddress().Should().Be(system);
        address.Length.Should().Be(system.GetAddressBytes().Length);
        address.Family.Should().Be(system.AddressFamily);
    }

    [Test]
    public void Formats_random_IPv6_addresses_rich_in_zero_words_as_IPAddress_does()
    {
        var random = new Random(5952);
        var bytes = new byte[16];
        for (int i = 0; i < 5000; i++)
        {
            // Each word is zero, 0xffff, 0x5efe or random, so compression runs, ties and embedded-IPv4 forms all occur.
            for (int word = 0; word < 8; word++)
            {
                int value = random.Next(6) switch { 0 or 1 or 2 => 0, 3 => 0xFFFF, 4 => 0x5EFE, _ => random.Next(0x10000) };
                bytes[2 * word] = (byte)(value >> 8);
                bytes[2 * word + 1] = (byte)value;
            }
            IPAddressBytes.FromIPv6(bytes).ToString().Should().Be(new IPAddress(bytes).ToString());
        }
    }

    [Test]
    public void Equality_covers_family_and_every_byte()
    {
        var a = IPAddressBytes.Parse("2001:db8::1");

        a.Should().Be(IPAddressBytes.Parse("2001:db8::1"));
        (a == IPAddressBytes.Parse("2001:db8::2")).Should().BeFalse();
        (a == IPAddressBytes.Parse("3001:db8::1")).Should().BeFalse();
        IPAddressBytes.Parse("0.0.0.1").Should().NotBe(IPAddressBytes.Parse("::1"), "the family is part of the value");
        a.GetHashCode().Should().Be(IPAddressBytes.Parse("2001:db8::1").GetHashCode());
    }

    [Test]
    public void Writes_its_bytes_in_network_order()
    {
        var buffer = new byte[16];

        IPAddressBytes.Parse("198.18.0.2").WriteTo(buffer).Should().Be(4);
        buffer[..4].Should().Equal(198, 18, 0, 2);

        IPAddressBytes.Parse("2001:db8::2").WriteTo(buffer).Should().Be(16);
        buffer.Should().Equal(IPAddress.Parse("2001:db8::2").GetAddressBytes());
    }

    [Test]
    public void TryFormat_reports_a_destination_that_is_too_small()
    {
        var address = IPAddressBytes.Parse("198.18.0.2");

        address.TryFormat(new char[9], out int written).Should().BeFalse();
        written.Should().Be(0);
        address.TryFormat(new char[10], out written).Should().BeTrue();
        written.Should().Be(10);
    }
}
