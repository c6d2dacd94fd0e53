using System.Text.RegularExpressions;
using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Guest;

namespace Vnetconf.Harness.Tests.Deploy;

/// <summary>setup/vnetconf-image bakes a guest kernel into the image (a container has no network to fetch one): the suite's default.</summary>
public sealed class VnetconfImageScriptTests
{
    [Test]
    public void The_image_carries_the_kernel_of_the_suites_default_guest_release()
    {
        var script = File.ReadAllText(Path.Combine(GuestAgentBuild.RepositoryRoot, "setup", "vnetconf-image"));

        var suite = Regex.Match(script, @"^guest_suite=(\S+)", RegexOptions.Multiline);

        suite.Success.Should().BeTrue("the script names the suite of the kernel it bakes in as guest_suite=SUITE");
        suite.Groups[1].Value.Should().Be(GuestSettings.DefaultDebianRelease.Suite);
    }
}
