using FluentAssertions;
using NUnit.Framework;

namespace Vnetconf.Harness.Tests.Cli;

/// <summary>
/// What <c>./vnetconf test</c> adds to the caller's arguments: the long Perf measurements (category PerfLong) run on
/// request, so the README's test command leaves them out unless the caller chose the tests with a filter of their own.
/// </summary>
public sealed class FrontDoorFilterTests
{
    [Test]
    public void Without_a_filter_the_test_command_leaves_out_the_long_Perf_measurements() =>
        FrontDoorFunction.Run("default_filter").Should().Be("--filter\nCategory!=PerfLong\n");

    [TestCase("--filter", "Category=Perf")]
    [TestCase("--filter=Category=Versions")]
    [TestCase("-v", "n", "--filter", "FullyQualifiedName~Rtnetlink")]
    [TestCase("--", "NUnit.Where=cat == Host")]
    public void A_filter_of_the_callers_is_the_only_filter(params string[] arguments) =>
        FrontDoorFunction.Run("default_filter", arguments).Should().BeEmpty();
}
