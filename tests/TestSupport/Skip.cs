using NUnit.Framework;
using Vnetconf.Model;

namespace Vnetconf.TestSupport;

/// <summary>
/// The tests' side of a <see cref="Requirement"/>: an unmet one skips the test (Assert.Ignore) with its gap, the
/// reason and the fix, never a failure that looks like a kernel finding, and never a pass.
/// </summary>
public static class Skip
{
    /// <summary>Returns when <paramref name="requirement"/> is met; otherwise skips the test, naming it and quoting its gap.</summary>
    public static void Unless(Requirement requirement)
    {
        if (requirement.Gap is { } gap) Assert.Ignore($"{requirement.Name}: {gap}");
    }

    /// <summary>What meeting <paramref name="requirement"/> prepared; otherwise skips the test, quoting its gap.</summary>
    public static T Unless<T>(Requirement<T> requirement) where T : class
    {
        Unless((Requirement)requirement);
        return requirement.Value;
    }
}
