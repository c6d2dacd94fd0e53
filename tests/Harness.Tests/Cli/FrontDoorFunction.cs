using Vnetconf.Guest;

namespace Vnetconf.Harness.Tests.Cli;

/// <summary>Runs one function of the front door (./vnetconf), taken from the script itself, so a test follows what the front door runs.</summary>
internal static class FrontDoorFunction
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    /// <summary>The function's standard output, run under the script's own shell options; a non-zero exit throws with its standard error.</summary>
    public static string Run(string name, params string[] arguments)
    {
        var script = Path.Combine(GuestAgentBuild.RepositoryRoot, "vnetconf");
        string[] bash = ["-c", $$"""set -euo pipefail; source <(sed -n '/^{{name}}() {/,/^}/p' "$0"); {{name}} "$@" """, script, .. arguments];
        return ExternalCommand.Run("bash", bash, Deadline).OutputText;
    }
}
