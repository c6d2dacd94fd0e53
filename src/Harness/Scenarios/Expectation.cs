namespace Vnetconf.Scenarios;

/// <summary>
/// What one scenario is expected to show, aspect by aspect ("header", "checksum", "segmentation"…), each stated in
/// the same canonical words an observation uses (<see cref="FrameAspects"/>) and carrying its reason and source.
/// </summary>
public sealed class Expectation
{
    private readonly List<(string Name, Expected<string> Value)> aspects = [];

    public IReadOnlyList<(string Name, Expected<string> Value)> Aspects => aspects;

    public Expectation Add(string name, string value, string reason, string source, string? holdsFor = null)
    {
        aspects.Add((name, new Expected<string>(value, reason, source, holdsFor)));
        return this;
    }

    public Expected<string> this[string name] => aspects.First(a => a.Name == name).Value;
}
