using System.Net;
using System.Text;

namespace Vnetconf.Reporting;

/// <summary>
/// compare.html, one self-contained page (inline CSS and script, nothing fetched, so it opens from a CI artifact or a
/// mail offline): the runs with their versions and counts, and a chart of them (inline SVG); every behaviour as a row, the runs as columns, a value
/// that differs from the baseline's marked <c>differs</c>, a value a run does not have marked <c>not-run</c> with
/// the reason as its tooltip; a "differences only" checkbox (also set by opening the page as compare.html#differences)
/// that hides the rows without a difference; the cells not run, listed apart.
/// </summary>
public static class ComparisonHtml
{
    public const string FileName = "compare.html";

    /// <summary>The fragment that opens the page with "differences only" checked, so a link can point straight at them.</summary>
    public const string DifferencesFragment = "differences";

    public static string Render(ResultsComparison comparison)
    {
        var runs = comparison.Runs;
        var html = new StringBuilder();
        html.Append("""
            <!doctype html><html><head><meta charset="utf-8"><title>vnetconf comparison</title><style>
            body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0;font-size:13px}
            td,th{border:1px solid #ccc;padding:3px 6px;vertical-align:top}th{background:#f0f0f0;text-align:left}
            th .versions{font-weight:normal;color:#555;font-size:12px}td.differs{background:#fde2e2;color:#900;font-weight:bold}
            td.not-run{color:#888;font-style:italic}td.baseline{background:#f6f8fa}code{font-size:12px}
            body.differences-only #behaviours tr.same{display:none}label{font-weight:bold}
            </style></head><body>
            """);
        html.Append($"<h1>vnetconf comparison</h1><p id=\"summary\">{E(comparison.Summary)}.</p>");

        html.Append("<h2>Runs</h2><table id=\"runs\"><tr><th>run</th>");
        foreach (var key in comparison.VersionKeys) html.Append($"<th>{E(key)}</th>");
        html.Append("<th>behaviours observed</th><th>differ from the baseline</th><th>behaviours not run</th><th>cells not run</th></tr>");
        for (var run = 0; run < runs.Count; run++)
        {
            var environment = runs[run].Run.Environment;
            html.Append($"<tr><td>{E(ComparisonMarkdown.ColumnName(comparison, run))}</td>");
            foreach (var key in comparison.VersionKeys) html.Append($"<td>{E(environment.GetValueOrDefault(key, "—"))}</td>");
            html.Append($"<td>{comparison.ObservedIn(run)}</td><td>{(run == 0 ? "—" : comparison.DifferingIn(run).ToString())}</td>")
                .Append($"<td>{comparison.NotRunIn(run)}</td><td>{comparison.CellsNotRunIn(run)}</td></tr>");
        }
        html.Append("</table>");
        html.Append("<figure id=\"comparison-chart\">").Append(Charts.ComparisonSvg(comparison)).Append("</figure>");
        foreach (var (label, run) in runs.Where(r => r.Run.Interrupted is not null))
            html.Append($"<p class=\"interrupted\">{E(label)} was interrupted: {E(run.Interrupted!)}; only its {run.Cells.Count} judged cells are compared.</p>");

        html.Append("<h2>Behaviours</h2>")
            .Append("<p><label><input type=\"checkbox\" id=\"differences-only\"> differences only</label> ")
            .Append($"(differing: {comparison.DifferingCount} of {comparison.Rows.Count}; a value in red differs from the baseline's, <i>{E(ComparedValue.NotRunText)}</i> is not a value)</p>");
        html.Append("<table id=\"behaviours\"><thead><tr><th>cell</th><th>aspect</th>");
        for (var run = 0; run < runs.Count; run++)
        {
            html.Append($"<th>{E(ComparisonMarkdown.ColumnName(comparison, run))}<div class=\"versions\">");
            html.AppendJoin("<br>", comparison.VersionKeys.Where(runs[run].Run.Environment.ContainsKey).Select(k => E($"{k} {runs[run].Run.Environment[k]}")));
            html.Append("</div></th>");
        }
        html.Append("</tr></thead><tbody>");
        foreach (var row in comparison.Rows)
        {
            html.Append($"<tr class=\"{(row.Differs ? "differs" : "same")}\"><td title=\"{E(row.Title)}\"><code>{E(row.CellId)}</code></td><td>{E(row.Aspect)}</td>");
            for (var run = 0; run < row.Values.Count; run++)
            {
                var value = row.Values[run];
                var css = !value.WasRun ? "not-run" : row.DiffersIn(run) ? "differs" : run == 0 ? "baseline" : "";
                html.Append(css.Length == 0 ? "<td" : $"<td class=\"{css}\"")
                    .Append(value.NotRunReason is { } reason ? $" title=\"{E(reason)}\">" : ">")
                    .Append(E(value.Text)).Append("</td>");
            }
            html.Append("</tr>");
        }
        html.Append("</tbody></table>");

        html.Append("<h2>Not run</h2><p>Cells a run skipped or does not have: never counted as a difference. One the baseline ran and a candidate did not fails <code>compare --gate</code>.</p>");
        if (comparison.NotRun.Count == 0) html.Append("<p id=\"not-run\">None.</p>");
        else
        {
            html.Append("<table id=\"not-run\"><tr><th>run</th><th>cell</th><th>reason</th></tr>");
            foreach (var cell in comparison.NotRun)
                html.Append($"<tr><td>{E(ComparisonMarkdown.ColumnName(comparison, cell.Run))}</td><td title=\"{E(cell.Title)}\"><code>{E(cell.CellId)}</code></td><td>{E(cell.Reason)}</td></tr>");
            html.Append("</table>");
        }

        // The filter is a class on <body> that the stylesheet turns into hidden rows: one toggle, however many rows.
        html.Append($$"""
            <script>
            const differencesOnly = document.getElementById('differences-only');
            const apply = () => document.body.classList.toggle('differences-only', differencesOnly.checked);
            differencesOnly.addEventListener('change', apply);
            differencesOnly.checked = location.hash === '#{{DifferencesFragment}}';
            apply();
            </script>
            """);
        return html.Append("</body></html>").ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
