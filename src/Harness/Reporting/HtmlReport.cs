using System.Net;
using System.Text;

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
            tr.deviates td{background:#fde2e2}tr.error td{background:#fff3cd}td.expected{color:#a00}code{font-size:12px}
            </style></head><body>
            """);
        html.Append($"<h1>vnetconf conformance report</h1><p>Run {E(run.StartedAt.ToString("u"))} · {E(run.Summary)}</p><ul>");
        foreach (var (key, value) in run.Environment) html.Append($"<li><b>{E(key)}</b>: {E(value)}</li>");
        html.Append("</ul>");
        html.Append(Chart(run));
        foreach (var group in run.Cells.GroupBy(c => c.Category))
        {
            var aspects = group.SelectMany(c => c.Aspects.Select(a => a.Name)).Distinct().ToArray();
            html.Append($"<h2>{E(group.Key)}</h2><table><tr><th>scenario</th>");
            foreach (var a in aspects) html.Append($"<th>{E(a)}</th>");
            html.Append("<th>verdict</th></tr>");
            foreach (var cell in group)
            {
                var css = cell.Verdict == CellResult.AsDocumented ? "" : cell.Verdict == CellResult.Deviates ? "deviates" : "error";
                html.Append($"<tr class=\"{css}\"><td>{E(cell.Title)}<br><code>{E(cell.Id)}</code></td>");
                foreach (var name in aspects)
                {
                    var a = cell.Aspects.FirstOrDefault(x => x.Name == name);
                    html.Append(a is null ? "<td>—</td>"
                        : a.AsDocumented ? $"<td title=\"{E(a.Reason)} ({E(a.Source)})\">{E(a.Observed)}</td>"
                        : $"<td title=\"{E(a.Reason)} ({E(a.Source)})\">{E(a.Observed)}<div class=\"expected\">documented: {E(a.Expected)}</div></td>");
                }
                html.Append($"<td>{E(cell.Error is null ? cell.Verdict : $"{cell.Verdict}: {cell.Error}")}</td></tr>");
            }
            html.Append("</table>");
        }
        return html.Append("</body></html>").ToString();
    }

    /// <summary>A horizontal bar per category: cells as documented (green) and not (red).</summary>
    private static string Chart(RunResults run)
    {
        var groups = run.Cells.GroupBy(c => c.Category).ToArray();
        if (groups.Length == 0) return "";
        var max = groups.Max(g => g.Count());
        const int barWidth = 500, row = 26, label = 200;
        var svg = new StringBuilder($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{label + barWidth + 120}\" height=\"{groups.Length * row + 10}\" font-size=\"12\">");
        for (var i = 0; i < groups.Length; i++)
        {
            var ok = groups[i].Count(c => c.Verdict == CellResult.AsDocumented);
            var bad = groups[i].Count() - ok;
            var y = i * row + 5;
            var okWidth = barWidth * ok / max;
            var badWidth = barWidth * bad / max;
            svg.Append($"<text x=\"0\" y=\"{y + 15}\">{E(groups[i].Key)}</text>");
            svg.Append($"<rect x=\"{label}\" y=\"{y}\" width=\"{okWidth}\" height=\"20\" fill=\"#4caf50\"/>");
            svg.Append($"<rect x=\"{label + okWidth}\" y=\"{y}\" width=\"{badWidth}\" height=\"20\" fill=\"#e53935\"/>");
            svg.Append($"<text x=\"{label + okWidth + badWidth + 6}\" y=\"{y + 15}\">{ok} as documented, {bad} not</text>");
        }
        return svg.Append("</svg>").ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
