using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Cli;
using Vnetconf.Model;
using Vnetconf.Reporting;

namespace Vnetconf.Harness.Tests.Cli;

/// <summary>A fleet's results tell their nodes apart: the node a run was given is recorded and heads its compare column.</summary>
[NonParallelizable] // sets a process environment variable
public sealed class RunEnvironmentTests
{
    [TearDown]
    public void ClearNode() => Environment.SetEnvironmentVariable(EnvironmentKeys.NodeNameVariable, null);

    [Test]
    public void A_run_given_a_node_name_records_it_and_compare_heads_its_column_with_it()
    {
        Environment.SetEnvironmentVariable(EnvironmentKeys.NodeNameVariable, "worker-7");

        var environment = RunEnvironment.Describe();

        environment.Should().Contain(EnvironmentKeys.Node, "worker-7");
        EnvironmentKeys.VersionLine(environment).Should().StartWith("node worker-7 · host kernel ");
    }

    [Test]
    public void A_run_given_no_node_name_records_no_node()
    {
        Environment.SetEnvironmentVariable(EnvironmentKeys.NodeNameVariable, "");

        RunEnvironment.Describe().Should().NotContainKey(EnvironmentKeys.Node);
    }
}
