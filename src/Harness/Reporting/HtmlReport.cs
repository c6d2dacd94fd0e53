using System.Net;
using System.Text;
using Vnetconf.Model;

namespace Vnetconf.Reporting;

/// <summary>A self-contained HTML page of a run: environment, a chart of verdicts per category, and the matrix tables.</summary>
public static class HtmlReport
{
    public static string Render(RunResults run)
    {
        var html = new StringBuilder();
        html.Append("""
            <!doctype html><html><head><meta charset="utf-8"><title>vnetconf conformance report</title><style>
            body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0;font-size:13px}
            td,th{border:1px solid #ccc;padding:3px 6px;vertical-align:top}th{background:#f0f0f0;text-align:left}
            tr.deviates td{background:#fde2e2}tr.defect td{background:#f3e5f5}tr.error td{background:#fff3cd}tr.skipped td{color:#777}td.expected{color:#a00}code{font-size:12px}
            </style></head><body>
            """);
        html.Append($"<h1>vnetconf conformance report</h1><p>Run {E(run.StartedAt.ToString("u"))} · {E(run.Summary)}</p><ul>");
        foreach (var (key, value) in run.Environment) html.Append($"<li><b>{E(key)}</b>: {E(value)}</li>");
        html.Append("</ul>");
        if (run.Cells.Count > 0) html.Append("<figure id=\"verdicts\">").Append(Charts.VerdictsSvg(run)).Append("</figure>");
        foreach (var group in run.Cells.GroupBy(c => c.Category))
        {
            var aspects = group.SelectMany(c => c.Aspects.Select(a => a.Name)).Distinct().ToArray();
            html.Append($"<h2>{E(group.Key)}</h2><table><tr><th>scenario</th>");
            foreach (var a in aspects) html.Append($"<th>{E(a)}</th>");
            html.Append("<th>verdict</th></tr>");
            foreach (var cell in group)
            {
                var css = cell.Verdict switch { CellResult.AsDocumented => "", CellResult.DocumentedDefect => "defect", CellResult.Deviates => "deviates", CellResult.Skipped => "skipped", _ => "error" };
                html.Append($"<tr class=\"{css}\"><td>{E(cell.Title)}<br><code>{E(cell.Id)}</code></td>");
                foreach (var name in aspects)
                {
                    var a = cell.Aspects.FirstOrDefault(x => x.Name == name);
                    html.Append(a is null ? "<td>—</td>"
                        : a.AsDocumented ? $"<td title=\"{E(a.Reason)} ({E(a.Source)}){(a.HoldsFor is null ? "" : E($"; for {a.HoldsFor}"))}\">{E(a.Observed)}</td>"
                        : $"<td title=\"{E(a.Reason)} ({E(a.Source)})\">{E(a.Observed)}<div class=\"expected\">documented: {E(a.ExpectedForVersions)}</div></td>");
                }
                html.Append($"<td>{E(MarkdownReport.Verdict(cell))}</td></tr>");
            }
            html.Append("</table>");
        }
        return html.Append("</body></html>").ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
