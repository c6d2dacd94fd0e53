namespace Vnetconf.Model;

/// <summary>
/// What one scenario is expected to show, aspect by aspect ("header", "checksum", "segmentation"…), each stated in
/// the same canonical words an observation uses (the catalogue's <c>FrameAspects</c>) and carrying its reason and source.
/// </summary>
public sealed class Expectation
{
    private readonly List<(string Name, Expected<string> Value)> aspects = [];

    public IReadOnlyList<(string Name, Expected<string> Value)> Aspects => aspects;

    /// <param name="holdsFor">the versions the value holds for, when a kernel change made it differ (<see cref="Expected{T}.HoldsFor"/>)</param>
    /// <param name="defect">the documented value is an upstream defect (<see cref="Expected{T}.Defect"/>)</param>
    public Expectation Add(string name, string value, string reason, string source, string? holdsFor = null, bool defect = false)
    {
        aspects.Add((name, new Expected<string>(value, reason, source, holdsFor, defect)));
        return this;
    }

    public Expected<string> this[string name] => aspects.First(a => a.Name == name).Value;
}
