using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Perf.Reporting;
using Vnetconf.Scenarios;

namespace Vnetconf.Perf;

/// <summary>The two kinds of Perf assertion: a ratio's median against its bound, and a measurement's median against the named profile's floor.</summary>
public static class PerfBounds
{
    /// <summary>Every trial measured on both sides, and the median ratio at least the profile's bound.</summary>
    public static void AssertRatio(ThroughputProfile profile, Comparison comparison, int trials)
    {
        comparison.Trials.Should().Be(trials);
        comparison.Subject.Samples.Concat(comparison.Reference.Samples).Should()
            .OnlyContain(s => s.Bytes > 0, "both sides must carry bytes in every trial");
        var ratio = comparison.RatioSpread;
        var target = comparison.Target is { } aim ? $", target {aim:G3} ({(ratio.Median >= aim ? "met" : "not met")})" : "";
        TestContext.Out.WriteLine($"{comparison.Title}: median ratio {ratio.Median:G3} (min {ratio.Min:G3}, max {ratio.Max:G3}); bound {comparison.Bound:G3}{target}");
        ratio.Median.Should().BeGreaterThanOrEqualTo(comparison.Bound,
            "the profile '{0}' bounds {1} at {2}× ({3} vs {4})", profile.Name, comparison.Title, comparison.Bound, comparison.Subject.Label, comparison.Reference.Label);
    }

    /// <summary>Each measurement with a floor has its median at or above it; ignored, with how to select one, when the profile has no floors.</summary>
    public static void AssertFloors(ThroughputProfile profile, IEnumerable<Measurement> measurements) =>
        AssertLimits(profile, profile.Floors is not null, "floors", measurements.Where(m => m.Floor is not null),
            m => m.Spread.Median >= m.Floor!.Value);

    /// <summary>Each measurement with a ceiling (a time) has its median at or below it; ignored, with how to select one, when the profile has no ceilings.</summary>
    public static void AssertCeilings(ThroughputProfile profile, IEnumerable<Measurement> measurements) =>
        AssertLimits(profile, profile.Ceilings is not null, "ceilings", measurements.Where(m => m.Ceiling is not null),
            m => m.Spread.Median <= m.Ceiling!.Value);

    private static void AssertLimits(ThroughputProfile profile, bool profileHasThem, string kind, IEnumerable<Measurement> limited, Func<Measurement, bool> holds)
    {
        if (!profileHasThem)
            Assert.Ignore($"the profile '{profile.Name}' holds ratios only; absolute {kind} come from a named host profile. " +
                          $"Fix: {ThroughputProfile.Variable}=NAME for fixtures/profiles/NAME.json with a \"{kind}\" object (e.g. {ThroughputProfile.Variable}=ci-2core-tcg)");
        var measured = limited.Where(m => m.Samples.Count > 0).ToList();
        foreach (var m in measured)
            TestContext.Out.WriteLine($"{m.Label}: median {m.Quantity.Format(m.Spread.Median)}, limit {m.Limit}");
        measured.Where(m => !holds(m)).Select(m => $"{m.Label}: median {m.Quantity.Format(m.Spread.Median)}, limit {m.Limit}")
            .Should().BeEmpty("the profile '{0}' sets these {1} for this host", profile.Name, kind);
    }
}
