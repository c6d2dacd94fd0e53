using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Guest;
using Vnetconf.Model;

namespace Vnetconf.Harness.Tests.Guest;

/// <summary>A tool the guest's preparation runs is a prerequisite: its absence is a requirement unmet, with the tool named, never an internal error.</summary>
public sealed class ExternalCommandTests
{
    [Test]
    public void A_tool_missing_from_PATH_is_a_requirement_unmet_that_names_it()
    {
        const string tool = "vnetconf-no-such-tool";
        ExternalCommand.Find(tool).Should().BeNull("the test needs a name no directory of PATH holds");

        var run = () => ExternalCommand.TryRun(tool, [], TimeSpan.FromSeconds(5));

        run.Should().Throw<RequirementUnmetException>().Which.Message.Should().Contain($"no {tool}").And.Contain("PATH");
    }
}
