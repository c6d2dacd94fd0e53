using System.Text.RegularExpressions;
using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Guest;
using Vnetconf.Model;
using Vnetconf.Scenarios;

namespace Vnetconf.Harness.Tests.Scenarios;

/// <summary>
/// Host and guest-path cells end on an observed event (a marker behind the cell's frames), never on a silence: an absence is concluded
/// only once the marker has come, and a marker that never comes is a broken path, not an observation.
/// </summary>
public sealed class MarkerWaitTests
{
    private static readonly CapturedFrame Cell = new([1], 0, null);
    private static readonly CapturedFrame Marker = new([2], 0, null);
    private static readonly CapturedFrame Later = new([3], 0, null);

    [Test]
    public void A_collection_ends_when_the_marker_arrives_and_keeps_only_the_frames_before_it()
    {
        var source = new ScriptedSource(Cell, Marker, Later);

        var frames = source.ReceiveUntilMarker(_ => true, f => ReferenceEquals(f, Marker), TimeSpan.FromSeconds(3));

        frames.Should().Equal(Cell);
        source.Consumed.Should().Be(2, "nothing is read past the marker, and no wait follows it");
    }

    [Test]
    public void A_frame_that_is_not_there_when_the_marker_arrives_is_concluded_absent()
    {
        var frames = new ScriptedSource(Marker).ReceiveUntilMarker(_ => true, f => ReferenceEquals(f, Marker), TimeSpan.FromSeconds(3));

        frames.Should().BeEmpty();
    }

    [Test]
    public void Silence_without_the_marker_is_a_timeout_not_an_observation_of_absence()
    {
        var collect = () => new ScriptedSource(Cell).ReceiveUntilMarker(_ => true, f => ReferenceEquals(f, Marker), TimeSpan.FromMilliseconds(50));

        collect.Should().Throw<TimeoutException>().WithMessage("*marker*");
    }

    /// <summary>
    /// A guard over the probes' source: no fixed wait decides a verdict. The only sleep allowed in Scenarios/ polls a
    /// link until it is running (a readiness wait that ends on the observed state, before any cell's traffic).
    /// </summary>
    [Test]
    public void No_probe_waits_a_fixed_time_or_for_a_silence()
    {
        var scenarios = Path.Combine(GuestAgentBuild.RepositoryRoot, "src", "Harness", "Scenarios");
        var readinessPolls = new[] { "NetmapHostProbe.cs" };
        var sleeps = Directory.EnumerateFiles(scenarios, "*.cs", SearchOption.AllDirectories)
            .Where(f => !readinessPolls.Contains(Path.GetFileName(f)))
            .Where(f => Regex.IsMatch(File.ReadAllText(f), @"Thread\.Sleep|Task\.Delay"))
            .Select(Path.GetFileName);
        sleeps.Should().BeEmpty();

        foreach (var probe in new[] { "ReadPathProbe.cs", "WritePathProbe.cs", "HostileHeaderProbe.cs", Path.Combine("Guest", "GuestPathProbe.cs") })
            File.ReadAllText(Path.Combine(scenarios, probe)).Should().NotContainAny(["Quiet", "Drain("],
                $"{probe} must end each cell on a marker or on the stream's own completion, not on a quiet period");
    }

    /// <summary>Hands out its frames in order, then behaves as a quiet source: waits out the timeout and returns nothing.</summary>
    private sealed class ScriptedSource(params CapturedFrame[] frames) : IFrameSource
    {
        public int Consumed { get; private set; }

        public CapturedFrame? Receive(TimeSpan timeout)
        {
            if (Consumed < frames.Length) return frames[Consumed++];
            Thread.Sleep(timeout);
            return null;
        }
    }
}
