namespace Vnetconf.Scenarios;

/// <summary>
/// One observable property of a scenario, stated the same way by the expectation catalogue and by the
/// observation summary, so comparing them is comparing two strings and a report shows both side by side.
/// </summary>
/// <param name="Name">what is observed ("header", "checksum", "segmentation", "delivery"…)</param>
/// <param name="Value">the canonical statement of it ("10 bytes", "partial, NEEDS_CSUM 34+6"…)</param>
public readonly record struct Aspect(string Name, string Value)
{
    public override string ToString() => $"{Name}: {Value}";
}

/// <summary>What one scenario is expected to show, aspect by aspect, each with its reason and source.</summary>
public sealed class Expectation
{
    private readonly List<(string Name, Expected<string> Value)> aspects = [];

    public IReadOnlyList<(string Name, Expected<string> Value)> Aspects => aspects;

    public Expectation Add(string name, string value, string reason, string source)
    {
        aspects.Add((name, new Expected<string>(value, reason, source)));
        return this;
    }

    public Expected<string> this[string name] => aspects.First(a => a.Name == name).Value;

    /// <summary>Every aspect whose observed value differs from the expected one, as a readable line.</summary>
    public IReadOnlyList<string> Deviations(IReadOnlyDictionary<string, string> observed) =>
        aspects.Where(a => !observed.TryGetValue(a.Name, out var seen) || seen != a.Value.Value)
            .Select(a => $"{a.Name}: expected \"{a.Value.Value}\" ({a.Value.Reason}; {a.Value.Source}), observed \"{observed.GetValueOrDefault(a.Name, "nothing")}\"")
            .ToArray();
}
