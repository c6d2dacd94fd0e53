using System.Globalization;
using System.Xml.Linq;
using Vnetconf.Model;

namespace Vnetconf.Reporting;

/// <summary>
/// A run as JUnit XML, the format CI servers (Jenkins, GitLab, GitHub actions' reporters) read: one &lt;testsuite&gt;
/// per stack and category, one &lt;testcase&gt; per cell (classname the category, name the scenario id). A deviation is
/// a &lt;failure&gt; listing each aspect's expected and observed value with the catalogue's reason and source; a cell
/// that could not be observed an &lt;error&gt;; a cell not run a &lt;skipped&gt; with its reason.
/// </summary>
public static class JUnitReport
{
    /// <param name="stacks">each stack's label and results; one stack gives suites named by category alone</param>
    public static string Render(IReadOnlyList<(string Stack, RunResults Run)> stacks)
    {
        var suites = stacks.SelectMany(s => s.Run.Cells.GroupBy(c => c.Category).Select(g => Suite(stacks.Count == 1 ? g.Key : $"{s.Stack}: {g.Key}", s.Run, g.ToArray())));
        var cells = stacks.SelectMany(s => s.Run.Cells).ToArray();
        var root = new XElement("testsuites",
            new XAttribute("name", "vnetconf"),
            Counts(cells),
            suites);
        return new XDocument(new XDeclaration("1.0", "utf-8", null), root).Declaration + Environment.NewLine + root;
    }

    private static XElement Suite(string name, RunResults run, IReadOnlyList<CellResult> cells) =>
        new("testsuite",
            new XAttribute("name", name),
            Counts(cells),
            new XAttribute("timestamp", run.StartedAt.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)),
            // The environment travels with every suite, so a failure read alone still says which kernel and QEMU it was.
            new XElement("properties",
                run.Environment.Select(e => new XElement("property", new XAttribute("name", e.Key), new XAttribute("value", e.Value))),
                run.Interrupted is { } interrupted ? new XElement("property", new XAttribute("name", "interrupted"), new XAttribute("value", interrupted)) : null),
            cells.Select(Case));

    private static XAttribute[] Counts(IReadOnlyCollection<CellResult> cells) =>
    [
        new("tests", cells.Count),
        new("failures", cells.Count(c => c.Verdict == CellResult.Deviates)),
        new("errors", cells.Count(c => c.IsDeviation && c.Verdict != CellResult.Deviates)),
        new("skipped", cells.Count(c => c.Verdict == CellResult.Skipped)),
    ];

    private static XElement Case(CellResult cell)
    {
        var testcase = new XElement("testcase", new XAttribute("classname", cell.Category), new XAttribute("name", cell.Id));
        switch (cell.Verdict)
        {
            case CellResult.AsDocumented:
            case CellResult.DocumentedDefect:
                break;
            case CellResult.Skipped:
                testcase.Add(new XElement("skipped", new XAttribute("message", cell.SkipReason ?? "")));
                break;
            case CellResult.Deviates:
                var deviating = cell.Aspects.Where(a => !a.AsDocumented).ToArray();
                testcase.Add(new XElement("failure",
                    new XAttribute("type", CellResult.Deviates),
                    new XAttribute("message", $"{cell.Title}: " + string.Join("; ", deviating.Select(a => $"{a.Name} observed {a.Observed}, documented {a.ExpectedForVersions}"))),
                    string.Join(Environment.NewLine, deviating.Select(a =>
                        $"{a.Name}: expected {a.ExpectedForVersions}, observed {a.Observed}{Environment.NewLine}  reason: {a.Reason}{Environment.NewLine}  source: {a.Source}"))));
                break;
            default:
                testcase.Add(new XElement("error", new XAttribute("type", cell.Verdict), new XAttribute("message", cell.Error ?? cell.Verdict)));
                break;
        }
        // A documented defect passes; it is said in the output a CI server shows for a passing case.
        string[] output = [.. cell.Defects.Select(a => $"documented defect: {a.Name} {a.Observed}; reason: {a.Reason}; source: {a.Source}"), .. cell.Notes];
        if (output.Length > 0) testcase.Add(new XElement("system-out", string.Join(Environment.NewLine, output)));
        return testcase;
    }
}
