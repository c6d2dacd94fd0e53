using System.Text;
using Vnetconf.Model;

namespace Vnetconf.Reporting;

/// <summary>
/// A run as KTAP version 1 (the kernel's Documentation/dev-tools/ktap.rst), the format kernel CI (KernelCI, LKFT,
/// kunit.py) reads: one test per cell, named by its scenario id. When several stacks ran, each cell's test has a
/// subtest per stack, and fails when any stack deviated. A deviation is "not ok" after diagnostic lines giving each
/// aspect's expected and observed value, reason and source; an error "not ok … # ERROR message"; a cell not run
/// "ok … # SKIP reason".
/// </summary>
public static class KtapReport
{
    /// <summary>
    /// Subtests are indented by four spaces and named by a "# Subtest:" line, as KUnit prints them: ktap.rst's
    /// two-space indent is read by kunit.py as well, but TAP 14 readers only recognise the four.
    /// </summary>
    private const string Indent = "    ";

    /// <param name="stacks">each stack's label and results; with one stack there are no subtests</param>
    public static string Render(IReadOnlyList<(string Stack, RunResults Run)> stacks)
    {
        var text = new StringBuilder();
        text.Append("KTAP version 1\n");
        foreach (var (stack, run) in stacks)
            text.Append($"# {Line(stack)}: {Line(EnvironmentKeys.VersionLine(run.Environment))}; {Line(run.Summary)}\n");
        var ids = stacks.SelectMany(s => s.Run.Cells).Select(c => c.Id).Distinct().ToArray();
        text.Append($"1..{ids.Length}\n");
        var byStack = stacks.Select(s => (s.Stack, Cells: s.Run.Cells.ToDictionary(c => c.Id))).ToArray();
        for (var i = 0; i < ids.Length; i++)
        {
            if (stacks.Count == 1)
            {
                Result(text, "", i + 1, ids[i], byStack[0].Cells[ids[i]]);
                continue;
            }
            text.Append($"{Indent}KTAP version 1\n{Indent}# Subtest: {ids[i]}\n{Indent}1..{byStack.Length}\n");
            var outcomes = new List<CellResult?>();
            for (var s = 0; s < byStack.Length; s++)
            {
                var cell = byStack[s].Cells.GetValueOrDefault(ids[i]);
                outcomes.Add(cell);
                if (cell is null) text.Append($"{Indent}ok {s + 1} {Line(byStack[s].Stack)} # SKIP not run on this stack\n");
                else Result(text, Indent, s + 1, byStack[s].Stack, cell);
            }
            // ktap.rst: a parent fails if a subtest fails; skipped subtests do not count, and all skipped is a skip.
            var run = outcomes.Where(c => c is { Verdict: not CellResult.Skipped }).ToArray();
            text.Append(run.Length == 0 ? $"ok {i + 1} {ids[i]} # SKIP not run on any stack\n"
                : run.Any(c => c!.IsDeviation) ? $"not ok {i + 1} {ids[i]}\n"
                : $"ok {i + 1} {ids[i]}\n");
        }
        return text.ToString();
    }

    private static void Result(StringBuilder text, string indent, int number, string name, CellResult cell)
    {
        switch (cell.Verdict)
        {
            case CellResult.AsDocumented:
                text.Append($"{indent}ok {number} {Line(name)}\n");
                break;
            case CellResult.DocumentedDefect:
                foreach (var a in cell.Defects)
                    text.Append($"{indent}# documented defect: {Line(a.Name)} {Line(a.Observed)}; reason: {Line(a.Reason)}; source: {Line(a.Source)}\n");
                text.Append($"{indent}ok {number} {Line(name)}\n");
                break;
            case CellResult.Skipped:
                text.Append($"{indent}ok {number} {Line(name)} # SKIP {Line(cell.SkipReason ?? "")}\n");
                break;
            case CellResult.Deviates:
                text.Append($"{indent}# {Line(cell.Title)}\n");
                foreach (var a in cell.Aspects.Where(a => !a.AsDocumented))
                    text.Append($"{indent}# {Line(a.Name)}: expected {Line(a.ExpectedForVersions)}, observed {Line(a.Observed)}; reason: {Line(a.Reason)}; source: {Line(a.Source)}\n");
                text.Append($"{indent}not ok {number} {Line(name)}\n");
                break;
            default:
                text.Append($"{indent}not ok {number} {Line(name)} # ERROR {Line(cell.Error ?? cell.Verdict)}\n");
                break;
        }
    }

    /// <summary>
    /// Text on one KTAP line: no line breaks, and no '#', which would end a test's description and start a
    /// directive; a diagnostic's reader would not be hurt by one, but the same words go in either place.
    /// </summary>
    private static string Line(string text) => text.ReplaceLineEndings(" ").Replace("#", "no.", StringComparison.Ordinal);
}
