using System.Globalization;
using System.Text;
using Vnetconf.Reporting;

namespace Vnetconf.Perf.Reporting;

/// <summary>
/// The harness-versus-peers results of one run: a Markdown table (each side's min/median/max, the ratio's,
/// the bound and the target) and a PNG chart of the ratios, both written to results/perf.
/// </summary>
public static class PerfReport
{
    private static readonly Rgb White = new(255, 255, 255);
    private static readonly Rgb Ink = new(30, 30, 30);
    private static readonly Rgb Track = new(225, 225, 225);
    private static readonly Rgb Bar = new(60, 110, 200);
    private static readonly Rgb BoundLine = new(210, 40, 40);
    private static readonly Rgb TargetLine = new(30, 150, 60);

    /// <summary>The table, as Markdown.</summary>
    public static string Markdown(IReadOnlyList<PeerComparison> comparisons, string context)
    {
        var table = new TextTable("measurement", "min", "median", "max", "bound", "target");
        foreach (var c in comparisons.Where(c => c.Trials.Count > 0))
        {
            table.Add([c.Harness, .. Cells(c.HarnessSpread, c.Quantity.Format), "", ""]);
            table.Add([c.Peer, .. Cells(c.PeerSpread, c.Quantity.Format), "", ""]);
            table.Add([$"**ratio** {c.Title}", .. Cells(c.RatioSpread, Ratio), $"≥ {Ratio(c.Bound)}", $"≥ {Ratio(c.Target)}"]);
        }
        return new StringBuilder()
            .AppendLine("## Harness vs peers")
            .AppendLine()
            .AppendLine(context)
            .AppendLine()
            .Append(table.Render())
            .ToString();
    }

    /// <summary>Writes perf.md and perf.png into <paramref name="directory"/>; returns their paths.</summary>
    public static (string Table, string Chart) Write(string directory, IReadOnlyList<PeerComparison> comparisons, string context)
    {
        var table = Path.Combine(directory, "perf.md");
        File.WriteAllText(table, Markdown(comparisons, context));
        var chart = Path.Combine(directory, "perf.png");
        Chart(comparisons.Where(c => c.Trials.Count > 0).ToArray()).Save(chart);
        return (table, chart);
    }

    /// <summary>
    /// One row per comparison: the median ratio as a bar, min–max as a whisker, and marks at 1 (the peer),
    /// at the bound (red) and at the target (green).
    /// </summary>
    private static PngCanvas Chart(IReadOnlyList<PeerComparison> comparisons)
    {
        const int width = 960, left = 20, right = 40, rowHeight = 100, top = 50;
        var canvas = new PngCanvas(width, top + rowHeight * comparisons.Count + 50, White);
        canvas.Text(left, 15, "harness / peer, median of interleaved trials (whisker: min-max)", Ink);

        var scale = Math.Max(1.2, comparisons.Select(c => Math.Max(c.RatioSpread.Max, c.Target) * 1.1).DefaultIfEmpty(1.2).Max());
        var span = width - left - right;
        int X(double ratio) => left + (int)(Math.Min(ratio, scale) / scale * span);

        var y = top;
        foreach (var c in comparisons)
        {
            var ratio = c.RatioSpread;
            canvas.Text(left, y, $"{c.Title}: {Ratio(ratio.Median)}", Ink);
            var barTop = y + 24;
            canvas.Fill(left, barTop, span, 30, Track);
            canvas.Fill(left, barTop, X(ratio.Median) - left, 30, Bar);
            canvas.Fill(X(ratio.Min), barTop + 13, Math.Max(2, X(ratio.Max) - X(ratio.Min)), 4, Ink);
            canvas.Fill(X(ratio.Min), barTop + 7, 2, 16, Ink);
            canvas.Fill(X(ratio.Max), barTop + 7, 2, 16, Ink);
            canvas.Fill(X(1.0), barTop - 4, 2, 38, Ink);
            canvas.Fill(X(c.Bound), barTop - 4, 3, 38, BoundLine);
            canvas.Fill(X(c.Target), barTop - 4, 3, 38, TargetLine);
            canvas.Text(X(1.0) - 6, barTop + 38, "1", Ink);
            canvas.Text(left, barTop + 38, "0", Ink);
            y += rowHeight;
        }

        var legend = y + 10;
        canvas.Fill(left, legend, 14, 14, Bar);
        canvas.Text(left + 20, legend, "median ratio", Ink);
        canvas.Fill(left + 200, legend, 14, 14, BoundLine);
        canvas.Text(left + 220, legend, "bound (asserted)", Ink);
        canvas.Fill(left + 440, legend, 14, 14, TargetLine);
        canvas.Text(left + 460, legend, "target (reported)", Ink);
        canvas.Fill(left + 680, legend, 14, 14, Ink);
        canvas.Text(left + 700, legend, "1 = peer", Ink);
        return canvas;
    }

    private static string[] Cells(Spread spread, Func<double, string> format) => [format(spread.Min), format(spread.Median), format(spread.Max)];

    private static string Ratio(double value) => value.ToString("F2", CultureInfo.InvariantCulture) + "x";
}
