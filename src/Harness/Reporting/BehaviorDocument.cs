using System.Text;
using Vnetconf.Model;

namespace Vnetconf.Reporting;

/// <summary>
/// The behaviour catalogue as a document (docs/BEHAVIOR.md): rendered from a real run, with the versions it came
/// from, each matrix as a table of what was observed, and each distinct behaviour with its explanation and the
/// source that implements it. Cells that did not behave as documented are listed as such, never smoothed over.
/// </summary>
public static class BehaviorDocument
{
    public static string Render(RunResults run)
    {
        var text = new StringBuilder();
        text.AppendLine("# How the virtio-net header, checksum offload and TSO behave").AppendLine();
        text.AppendLine($"Rendered by `vnetconf document` from a run of {run.StartedAt:yyyy-MM-dd}: {run.Summary}. On:").AppendLine();
        foreach (var (key, value) in run.Environment) text.AppendLine($"- {key}: {value}");
        text.AppendLine();
        if (run.Interrupted is not null)
            text.AppendLine($"> **This run was interrupted** ({run.Interrupted}): only the cells below were judged; render again from a complete run.").AppendLine();
        text.AppendLine("Each table shows what was observed; the notes under it say why, naming the code that decides it. " +
                        "A different stack may differ: run `./vnetconf run` and `./vnetconf compare` to find out.").AppendLine();
        foreach (var group in run.Cells.GroupBy(c => c.Category))
        {
            var aspects = group.SelectMany(c => c.Aspects.Select(a => a.Name)).Distinct().ToArray();
            var table = new TextTable(["scenario", .. aspects]);
            foreach (var cell in group)
                table.Add([cell.Title, .. aspects.Select(a => Observed(cell, a))]);
            text.AppendLine($"## {group.Key}").AppendLine().Append(table.Render()).AppendLine();
            text.AppendLine("Why:").AppendLine();
            foreach (var why in group.SelectMany(c => c.Aspects).Select(a => (a.Name, Expected: a.ExpectedForVersions, a.Reason, a.Source)).Distinct())
                text.AppendLine($"- **{why.Name} = {why.Expected}**: {why.Reason}. *{why.Source}*");
            text.AppendLine();
        }
        return text.ToString();
    }

    private static string Observed(CellResult cell, string aspect)
    {
        if (cell.Error is not null) return $"error: {cell.Error}";
        var result = cell.Aspects.FirstOrDefault(a => a.Name == aspect);
        return result is null ? "—" : result.AsDocumented ? result.Observed : $"{result.Observed} (DEVIATES: documented {result.Expected})";
    }
}
