using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Model;
using Vnetconf.Reporting;
using Vnetconf.Scenarios;

namespace Vnetconf.Conformance.Support;

/// <summary>The one assertion every cell makes.</summary>
public static class MatrixCases
{
    /// <summary>Every one of <paramref name="results"/> as documented; fails with all that are not, not only the first.</summary>
    public static void ShouldAllBeAsDocumented(this IEnumerable<CellResult> results)
    {
        using var scope = new FluentAssertions.Execution.AssertionScope();
        foreach (var result in results) result.ShouldBeAsDocumented();
    }

    /// <summary>The guest of a cell that is only listed (for its id and title), never run: asking for it is a mistake.</summary>
    public static ILabGuest NotBooted() => throw new InvalidOperationException("cells are only listed here");

    /// <summary>Every cell of the guest matrix as a test case: its id, shown as "category: title".</summary>
    public static IEnumerable<TestCaseData> GuestMatrixCells() => GuestMatrixCellsWhere(_ => true);

    /// <summary>The guest matrix's cells whose id <paramref name="include"/> selects, as test cases.</summary>
    public static IEnumerable<TestCaseData> GuestMatrixCellsWhere(Func<string, bool> include) =>
        GuestMatrix.Listed().Where(c => include(c.Id))
            .Select(c => new TestCaseData(c.Id).SetArgDisplayNames($"{c.Category}: {c.Title}"));

    /// <summary>A guest-path cell named by what it varies besides the backend, which a fixture supplies: "RX VXLAN UDP/IPv4, nic offloads on".</summary>
    public static string TrafficName(GuestPathScenario s) =>
        $"{(s.Direction == GuestPathDirection.Transmit ? "TX" : "RX")} {(s.Tunnelled ? "VXLAN " : "")}{s.Protocol.ToString().ToUpperInvariant()}/{s.Family}, nic offloads {(s.Nic.TxChecksumming ? "on" : "off")}";

    /// <summary>Fails with every deviating aspect, its documented value, reason and source.</summary>
    public static void ShouldBeAsDocumented(this CellResult result)
    {
        result.Error.Should().BeNull("cell {0} must be observable", result.Id);
        result.Aspects.Where(a => !a.AsDocumented)
            .Select(a => $"{a.Name}: observed \"{a.Observed}\", documented \"{a.Expected}\" — {a.Reason} ({a.Source})")
            .Should().BeEmpty("cell {0} should behave as documented (its frames and counters are in the test output)", result.Id);
        foreach (var a in result.Defects)
            TestContext.Out.WriteLine($"documented defect: {a.Name} {a.Observed} — {a.Reason} ({a.Source})");
    }
}
