using System.Diagnostics;
using FluentAssertions;
using Vnetconf.Guest;

namespace Vnetconf.Harness.Tests.Cli;

/// <summary>Runs one function of the front door (./vnetconf), taken from the script itself, so a test follows what the front door runs.</summary>
internal static class FrontDoorFunction
{
    /// <summary>The function's standard output; its exit status must be 0.</summary>
    public static string Run(string name, params string[] arguments)
    {
        var script = Path.Combine(GuestAgentBuild.RepositoryRoot, "vnetconf");
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($$"""set -euo pipefail; source <(sed -n '/^{{name}}() {/,/^}/p' "$0"); {{name}} "$@" """);
        start.ArgumentList.Add(script);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var bash = Process.Start(start)!;
        var output = bash.StandardOutput.ReadToEnd();
        bash.WaitForExit();
        bash.ExitCode.Should().Be(0, bash.StandardError.ReadToEnd());
        return output;
    }
}
