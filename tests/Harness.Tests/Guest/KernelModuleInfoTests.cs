using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Guest;

namespace Vnetconf.Harness.Tests.Guest;

/// <summary>
/// The modinfo parser on the real modules of a fetched Debian kernel (in the cache once setup/guest-fixtures or a Guest
/// run has fetched it), with the dependency chain FACTS-guest.md records for 6.1.
/// </summary>
public sealed class KernelModuleInfoTests
{
    private static KernelModuleTree CachedTree() => new(CachedKernels.Require()[0].ModulesDirectory);

    [Test]
    public void The_modinfo_of_virtio_net_names_its_module_and_dependencies()
    {
        var tree = CachedTree();
        var info = KernelModuleInfo.Parse(KernelModuleTree.ReadPlain(tree.Find("virtio_net")!));
        info.Name.Should().Be("virtio_net");
        info.Depends.Should().Contain("net_failover");
        info.VersionMagic.Should().NotBeNullOrEmpty();
        info.Fields.Should().Contain(f => f.Key == "license");
    }

    [Test]
    public void The_load_order_puts_every_dependency_before_its_user()
    {
        var tree = CachedTree();
        var order = tree.ResolveLoadOrder(["virtio_pci", "virtio_net"]).Select(m => m.Name).ToList();
        order.Should().EndWith("virtio_net");
        foreach (var module in order)
        {
            var depends = KernelModuleInfo.Parse(KernelModuleTree.ReadPlain(tree.Find(module)!)).Depends;
            foreach (var dependency in depends.Where(d => !tree.IsBuiltin(d)))
                order.IndexOf(KernelModuleTree.Canonical(dependency)).Should().BeLessThan(order.IndexOf(module), $"{dependency} is needed by {module}");
        }
    }

    [Test]
    public void A_file_that_is_not_ELF_is_refused()
    {
        var parse = () => KernelModuleInfo.Parse(new byte[128]);
        parse.Should().Throw<FormatException>().WithMessage("*ELF*");
    }
}
