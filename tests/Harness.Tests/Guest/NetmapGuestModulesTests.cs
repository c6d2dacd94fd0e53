using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Guest;

namespace Vnetconf.Harness.Tests.Guest;

public sealed class NetmapGuestModulesTests
{
    private static readonly KernelModule[] Chain =
    [
        new("virtio_ring", "/m/virtio_ring.ko"), new("net_failover", "/m/net_failover.ko"), new("virtio_net", "/m/virtio_net.ko"), new("tun", "/m/tun.ko"),
    ];

    [Test]
    public void Init_loads_netmap_with_its_parameters_just_before_virtio_net()
    {
        var lines = GuestImageBuilder.InitScript(Chain, new NetmapGuestModules("/nowhere", "buf_num=4096 admode=2")).Split('\n');

        var netmap = Array.FindIndex(lines, l => l.StartsWith("insmod /modules/netmap.ko buf_num=4096 admode=2 ", StringComparison.Ordinal));
        var virtioNet = Array.FindIndex(lines, l => l.StartsWith("insmod /modules/virtio_net.ko", StringComparison.Ordinal));
        netmap.Should().BePositive();
        netmap.Should().Be(virtioNet - 1, "netmap's patched virtio_net needs netmap's symbols loaded first");
    }

    [Test]
    public void Init_without_netmap_modules_loads_no_netmap()
    {
        GuestImageBuilder.InitScript(Chain).Should().NotContain("netmap");
    }

    [TestCase("buf_num=4096; reboot")]
    [TestCase("buf_num=4096\ninsmod evil.ko")]
    [TestCase("buf_num=$(id)")]
    [TestCase("buf_num=4096 reboot")]
    [TestCase("=4096")]
    [TestCase("buf_num=4096  admode=2")]
    [TestCase("buf_num=4096\n")]
    public void Parameters_that_are_not_plain_name_value_words_are_refused_however_the_modules_are_given(string parameters)
    {
        var act = () => new NetmapGuestModules("/nowhere", parameters);

        act.Should().Throw<ArgumentException>().WithMessage("*VNETCONF_NETMAP_PARAMS*");
    }

    [Test]
    public void The_parameters_variable_applies_to_a_directory_given_on_the_command_line()
    {
        Environment.SetEnvironmentVariable(NetmapGuestModules.ParametersVariable, "buf_num=2048 admode=1");
        try
        {
            NetmapGuestModules.FromEnvironment("/given")!.Parameters.Should().Be("buf_num=2048 admode=1");
        }
        finally
        {
            Environment.SetEnvironmentVariable(NetmapGuestModules.ParametersVariable, null);
        }
    }

    [Test]
    public void A_netmap_ko_that_is_not_a_kernel_module_is_refused_with_its_path()
    {
        var directory = Directory.CreateTempSubdirectory("vnetconf-netmap-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(directory, NetmapGuestModules.CoreFileName), "not an ELF file");
            var act = () => new NetmapGuestModules(directory, NetmapGuestModules.DefaultParameters).CheckFiles();

            act.Should().Throw<InvalidOperationException>().WithMessage($"*{directory}/netmap.ko is not a kernel module*not an ELF file*");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public void A_directory_without_netmap_ko_is_refused_with_its_name()
    {
        var act = () => new NetmapGuestModules("/nowhere", NetmapGuestModules.DefaultParameters).Validate("6.1.0-56-cloud-amd64");

        act.Should().Throw<InvalidOperationException>().WithMessage("*/nowhere does not exist");
    }

    [Test]
    public void Several_builds_are_given_with_distinct_labels_that_name_their_stacks()
    {
        var builds = NetmapGuestModules.FromOptions(["/a,label=A", "/b,label=B-1.2"]);

        builds.Select(b => (b.Directory, b.Label)).Should().Equal(("/a", "A"), ("/b", "B-1.2"));
    }

    [TestCase("/a,label=A", "/b", TestName = "A second build without a label is refused")]
    [TestCase("/a,label=A", "/b,label=A", TestName = "A label given twice is refused")]
    [TestCase("/a,label=../x", null, TestName = "A label that is not a plain word is refused (it names a directory)")]
    [TestCase("/a,labl=A", null, TestName = "An option other than label= is refused")]
    [TestCase(",label=A", null, TestName = "A label without a directory is refused")]
    public void Malformed_netmap_module_options_are_refused(string first, string? second)
    {
        var act = () => NetmapGuestModules.FromOptions(second is null ? [first] : [first, second]);

        act.Should().Throw<ArgumentException>().WithMessage("*--netmap-modules*");
    }

    [Test]
    public void The_stock_driver_variant_leaves_netmaps_virtio_net_out()
    {
        var directory = Directory.CreateTempSubdirectory("vnetconf-netmap-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(directory, NetmapGuestModules.PatchedDriverFileName), "");
            var modules = new NetmapGuestModules(directory, NetmapGuestModules.DefaultParameters);

            modules.PatchedDriverPath.Should().NotBeNull();
            modules.WithStockDriver().PatchedDriverPath.Should().BeNull();
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
