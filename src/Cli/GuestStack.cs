using Vnetconf.Guest;

namespace Vnetconf.Cli;

/// <summary>
/// One stack the guest categories run on in a single invocation: where its guest kernel comes from. Several stacks
/// (e.g. Debian 12's 6.1 and Debian 13's 6.12 kernels) run the same cells and are compared at the end.
/// </summary>
/// <param name="Name">the stack's directory name under the output directory, and its column label</param>
public sealed record GuestStack(string Name, GuestSettings Settings)
{
    /// <summary>The stack the environment describes (VNETCONF_GUEST_*), as the tests use it.</summary>
    public static GuestStack FromEnvironment() => new("default", GuestSettings.FromEnvironment());

    /// <summary>A Debian release's cloud kernel, whatever the environment says about kernels.</summary>
    public static GuestStack ForDebian(DebianRelease release) =>
        new($"debian-{release.Number}", GuestSettings.FromEnvironment() with { KernelImage = null, ModulesDirectory = null, DebianRelease = release });
}
