using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Guest;

namespace Vnetconf.Harness.Tests.Guest;

public sealed class VirtioFeatureSetTests
{
    /// <summary>A real 64-character string from a 6.1 guest with vnet_hdr=on (character i is bit i).</summary>
    private const string Linux61 = "1110010111111111111111010000000110000000000000000000000000000000";

    [Test]
    public void Character_i_of_the_sysfs_string_is_bit_i()
    {
        var set = VirtioFeatureSet.Parse(Linux61);
        set.Has(VirtioNetFeature.CSUM).Should().BeTrue();
        set.Has(VirtioNetFeature.GUEST_CSUM).Should().BeTrue();
        set.Has(VirtioNetFeature.MTU).Should().BeFalse();
        set.Has(VirtioNetFeature.GSO).Should().BeFalse();
        set.Has(VirtioNetFeature.VERSION_1).Should().BeTrue();
        set.BitIndexes().Should().Contain([0, 1, 2, 5, 7, 32]);
    }

    [Test]
    public void The_128_character_form_of_Linux_6_17_decodes_bits_above_63()
    {
        var text = new string('0', 100) + "1" + new string('0', 27);
        text = "1" + text[1..];
        var set = VirtioFeatureSet.Parse(text + "\n");
        set.BitIndexes().Should().Equal(0, 100);
    }

    [Test]
    public void The_64_and_128_character_forms_of_the_same_features_are_equal()
    {
        VirtioFeatureSet.Parse(Linux61).Should().Be(VirtioFeatureSet.Parse(Linux61 + new string('0', 64)));
    }

    [TestCase("10x1")]
    [TestCase("1 0")]
    public void A_character_other_than_0_or_1_is_refused(string text)
    {
        var parse = () => VirtioFeatureSet.Parse(text);
        parse.Should().Throw<FormatException>();
    }

    [Test]
    public void More_than_128_characters_are_refused()
    {
        var parse = () => VirtioFeatureSet.Parse(new string('0', 129));
        parse.Should().Throw<FormatException>().WithMessage("*128*");
    }

    [Test]
    public void Removing_a_feature_leaves_the_others()
    {
        var set = VirtioFeatureSet.Of(VirtioNetFeature.CSUM, VirtioNetFeature.HOST_TSO4);
        set.Except(VirtioFeatureSet.Of(VirtioNetFeature.CSUM)).Should().Be(VirtioFeatureSet.Of(VirtioNetFeature.HOST_TSO4));
        set.ToString().Should().Be("CSUM HOST_TSO4");
    }

    [Test]
    public void Bits_65_to_68_decode_by_their_UDP_tunnel_names()
    {
        // include/uapi/linux/virtio_net.h (Linux 6.17): VIRTIO_NET_F_GUEST_UDP_TUNNEL_GSO 65, _GUEST_UDP_TUNNEL_GSO_CSUM 66,
        // _HOST_UDP_TUNNEL_GSO 67, _HOST_UDP_TUNNEL_GSO_CSUM 68; the 128-character string of a 6.17+ guest.
        var text = Linux61 + "0" + "1111" + new string('0', 59);
        var set = VirtioFeatureSet.Parse(text);
        set.BitIndexes().Should().Contain([65, 66, 67, 68]).And.NotContain(64);
        set.ToString().Should().EndWith("GUEST_UDP_TUNNEL_GSO GUEST_UDP_TUNNEL_GSO_CSUM HOST_UDP_TUNNEL_GSO HOST_UDP_TUNNEL_GSO_CSUM");
        Enumerable.Range(65, 4).Select(bit => ((VirtioNetFeature)bit).ToString()).Should().Equal(
            "GUEST_UDP_TUNNEL_GSO", "GUEST_UDP_TUNNEL_GSO_CSUM", "HOST_UDP_TUNNEL_GSO", "HOST_UDP_TUNNEL_GSO_CSUM");
    }
}

