using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Model;
using Vnetconf.TestSupport;

namespace Vnetconf.Harness.Tests.Model;

/// <summary>A requirement is found out once, an unmet one is a skip that names it, and a broken preparation is a failure, not a skip.</summary>
public sealed class RequirementTests
{
    [Test]
    public void A_requirement_is_probed_once_however_often_it_is_asked()
    {
        var probes = 0;
        var requirement = new Requirement("a thing", () => { probes++; return "no thing here. Fix: add one"; });

        _ = requirement.Gap;
        _ = requirement.Gap;

        probes.Should().Be(1);
        requirement.Gap.Should().Be("no thing here. Fix: add one");
    }

    [Test]
    public void An_unmet_requirement_skips_the_test_naming_it_with_its_gap()
    {
        var requirement = new Requirement("the Host lab", () => "not root. Fix: run as root");

        var skip = () => Skip.Unless(requirement);

        skip.Should().Throw<IgnoreException>().WithMessage("the Host lab: not root. Fix: run as root");
    }

    [Test]
    public void A_met_requirement_lets_the_test_go_on()
    {
        var skip = () => Skip.Unless(new Requirement("the Host lab", () => null));

        skip.Should().NotThrow();
    }

    [Test]
    public void A_preparation_that_says_unmet_is_a_gap_and_what_it_prepares_is_prepared_once()
    {
        var preparations = 0;
        var unmet = new Requirement<string>("a guest platform", () => throw new RequirementUnmetException("no qemu-system-x86_64. Fix: apt-get install qemu-system-x86"));
        var met = new Requirement<string>("a guest platform", () => $"platform #{++preparations}");

        unmet.Gap.Should().Be("no qemu-system-x86_64. Fix: apt-get install qemu-system-x86");
        ((Action)(() => _ = unmet.Value)).Should().Throw<InvalidOperationException>().WithMessage("*not met*no qemu-system-x86_64*");
        Skip.Unless(met).Should().Be("platform #1");
        met.Value.Should().Be("platform #1");
        preparations.Should().Be(1);
    }

    [Test]
    public void A_preparation_that_breaks_is_a_failure_for_every_caller_not_a_skip()
    {
        var broken = new Requirement<string>("a guest platform", () => throw new IOException("the image build wrote a short file"));

        ((Action)(() => Skip.Unless(broken))).Should().Throw<IOException>();
        ((Action)(() => _ = broken.Gap)).Should().Throw<IOException>("a broken build fails every test that needs it, each with the cause");
    }

    [Test]
    public void A_requirement_standing_on_an_unmet_one_is_unmet_naming_the_one_it_stands_on_and_never_prepares()
    {
        var prepared = false;
        var hostLab = new Requirement("the Host lab", () => "not root. Fix: run as root");
        var guest = new Requirement<string>("a lab guest", () =>
        {
            hostLab.Ensure();
            prepared = true;
            return "platform";
        });

        guest.Gap.Should().Be("the Host lab: not root. Fix: run as root");
        prepared.Should().BeFalse();
        ((Action)(() => Skip.Unless(guest))).Should().Throw<IgnoreException>().WithMessage("a lab guest: the Host lab: not root*");
    }
}
