using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Links;

namespace Vnetconf.Harness.Tests.Ethtool;

/// <summary>
/// The ethtool group names against the feature names of Linux 6.18's ETH_SS_FEATURES set, as
/// <c>ethtool -k</c> (6.1) grouped them on that kernel for a veth.
/// </summary>
public class EthtoolFeatureGroupsTests
{
    // The names of ETH_SS_FEATURES on Linux 6.18 that the groups touch, plus neighbours that must not match.
    private static readonly string[] KernelNames =
    [
        "tx-scatter-gather", "tx-checksum-ipv4", "tx-checksum-ip-generic", "tx-checksum-ipv6", "highdma",
        "tx-scatter-gather-fraglist", "tx-vlan-hw-insert", "rx-vlan-hw-parse", "rx-vlan-filter", "tx-generic-segmentation",
        "rx-gro", "rx-lro", "tx-tcp-segmentation", "tx-gso-robust", "tx-tcp-ecn-segmentation",
        "tx-tcp-mangleid-segmentation", "tx-tcp6-segmentation", "tx-udp-segmentation", "tx-checksum-fcoe-crc",
        "tx-checksum-sctp", "rx-hashing", "rx-checksum", "rx-ntuple-filter", "rx-gro-hw", "rx-gro-list",
        "tx-tcp-accecn-segmentation", "tx-sctp-segmentation",
    ];

    [Test]
    public void Tx_checksumming_is_every_tx_checksum_feature()
    {
        EthtoolFeatureGroups.Members("tx-checksumming", KernelNames).Should().Equal(
            "tx-checksum-ipv4", "tx-checksum-ip-generic", "tx-checksum-ipv6", "tx-checksum-fcoe-crc", "tx-checksum-sctp");
    }

    [Test]
    public void Tcp_segmentation_offload_takes_in_newer_tcp_segmentation_features_as_ethtool_does()
    {
        EthtoolFeatureGroups.Members("tcp-segmentation-offload", KernelNames).Should().Equal(
            "tx-tcp-segmentation", "tx-tcp-ecn-segmentation", "tx-tcp-mangleid-segmentation", "tx-tcp6-segmentation",
            "tx-tcp-accecn-segmentation");
    }

    [Test]
    public void Single_feature_groups_are_exact_names_not_prefixes()
    {
        EthtoolFeatureGroups.Members("generic-receive-offload", KernelNames).Should().Equal("rx-gro");
        EthtoolFeatureGroups.Members("generic-segmentation-offload", KernelNames).Should().Equal("tx-generic-segmentation");
        EthtoolFeatureGroups.Members("scatter-gather", KernelNames).Should().Equal("tx-scatter-gather", "tx-scatter-gather-fraglist");
    }

    [Test]
    public void An_unknown_group_is_an_argument_error_naming_it()
    {
        var act = () => EthtoolFeatureGroups.Members("tso", KernelNames);
        act.Should().Throw<ArgumentException>().WithMessage("*'tso'*");
    }
}
