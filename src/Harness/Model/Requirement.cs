namespace Vnetconf.Model;

/// <summary>
/// What a check needs from the machine it runs on (root and /dev/net/tun, QEMU with a guest kernel, netmap modules,
/// a container engine), found out at most once per process: met, or the reason it is not, with the fix. Each runner
/// turns an unmet requirement into its own skip, quoting <see cref="Gap"/> (NUnit's Ignore; a skipped cell in
/// results.json), never into a pass or a finding.
/// </summary>
public class Requirement
{
    private readonly Lazy<string?> gap;

    /// <param name="name">what is required, as a skip names it ("the Host lab")</param>
    /// <param name="findGap">null when the requirement is met, otherwise what is missing and how to provide it</param>
    public Requirement(string name, Func<string?> findGap)
    {
        Name = name;
        gap = new(findGap, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public string Name { get; }

    /// <summary>Null when met; otherwise what is missing and the fix.</summary>
    public string? Gap => gap.Value;

    public override string ToString() => Gap is { } missing ? $"{Name}: unmet: {missing}" : $"{Name}: met";

    /// <summary>
    /// Within the preparation of a requirement that stands on this one: returns when this one is met, else says "unmet"
    /// for both (<see cref="RequirementUnmetException"/>), naming this one and quoting its gap.
    /// </summary>
    public void Ensure()
    {
        if (Gap is { } missing) throw new RequirementUnmetException($"{Name}: {missing}");
    }
}

/// <summary>
/// A requirement whose meeting prepares something to use (a guest platform: kernel, image, accelerator), prepared at
/// most once. Preparing it says "unmet" by throwing <see cref="RequirementUnmetException"/>; any other exception is a
/// failure (a broken image build), not a gap, and reaches every caller.
/// </summary>
public sealed class Requirement<T> : Requirement where T : class
{
    private readonly Lazy<(T? Value, string? Gap)> outcome;

    public Requirement(string name, Func<T> prepare) : this(name, new Lazy<(T?, string?)>(() => Prepare(prepare), LazyThreadSafetyMode.ExecutionAndPublication))
    {
    }

    private Requirement(string name, Lazy<(T? Value, string? Gap)> outcome) : base(name, () => outcome.Value.Gap) => this.outcome = outcome;

    /// <summary>What meeting the requirement prepared; only once <see cref="Requirement.Gap"/> is null.</summary>
    /// <exception cref="InvalidOperationException">the requirement is not met (the message quotes the gap)</exception>
    public T Value => outcome.Value.Value ?? throw new InvalidOperationException($"{Name} is not met: {Gap}");

    /// <summary><see cref="Requirement.Ensure"/>, then what meeting this requirement prepared.</summary>
    public T Ensured()
    {
        Ensure();
        return Value;
    }

    private static (T?, string?) Prepare(Func<T> prepare)
    {
        try
        {
            return (prepare(), null);
        }
        catch (RequirementUnmetException e)
        {
            return (null, e.Message);
        }
    }
}

/// <summary>A requirement is not met on this machine: the message says what is missing and how to fix it.</summary>
public class RequirementUnmetException(string message) : Exception(message);
