using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Guest;
using Vnetconf.Links;

namespace Vnetconf.Harness.Tests.Links;

/// <summary>Which user namespace a run is in, read from uid_map as the kernel writes it.</summary>
public sealed class UserNamespaceTests
{
    [Test]
    public void The_initial_namespaces_map_reads_as_initial()
    {
        // As /proc/1/uid_map reads on a host: the identity map over every uid, in the kernel's column layout.
        UserNamespace.IsInitialMap("         0          0 4294967295\n").Should().BeTrue();
    }

    [Test]
    public void A_map_the_kernel_writes_for_unshare_map_root_user_reads_as_a_namespace_of_its_own()
    {
        if (ExternalCommand.Find("unshare") is null) Assert.Ignore("no unshare (util-linux) to make a user namespace with");
        var map = ExternalCommand.TryRun("unshare", ["--user", "--map-root-user", "cat", "/proc/self/uid_map"], TimeSpan.FromSeconds(10));
        if (map.ExitCode != 0) Assert.Ignore($"this host refuses a user namespace: {map.Error.Trim()}");

        UserNamespace.IsInitialMap(map.OutputText).Should().BeFalse("uid_map of the namespace unshare made: {0}", map.OutputText.Trim());
    }
}
