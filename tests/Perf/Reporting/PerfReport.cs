using System.Globalization;
using System.Text;
using Vnetconf.Reporting;

namespace Vnetconf.Perf.Reporting;

/// <summary>
/// The Perf results of one run, section by section: a Markdown table (each measurement's min/median/max and floor,
/// each comparison's ratio with its bound and target) and a PNG chart of the ratios, both written to results/perf.
/// </summary>
public static class PerfReport
{
    private static readonly Rgb White = new(255, 255, 255);
    private static readonly Rgb Ink = new(30, 30, 30);
    private static readonly Rgb Track = new(225, 225, 225);
    private static readonly Rgb Bar = new(60, 110, 200);
    private static readonly Rgb BoundLine = new(210, 40, 40);
    private static readonly Rgb TargetLine = new(30, 150, 60);

    /// <summary>The sections' tables, as Markdown; a measurement shared by two comparisons is listed once.</summary>
    public static string Markdown(IReadOnlyList<PerfSection> sections)
    {
        var text = new StringBuilder();
        foreach (var section in sections)
        {
            var table = new TextTable("measurement", "min", "median", "max", "bound", "target");
            var listed = new HashSet<Measurement>();
            foreach (var c in Measured(section))
            {
                foreach (var m in new[] { c.Subject, c.Reference }.Where(listed.Add))
                    table.Add([m.Label, .. Cells(m.Spread, m.Quantity.Format), m.Floor is { } floor ? $"≥ {m.Quantity.Format(floor)}" : "", ""]);
                table.Add([$"**ratio** {c.Title}", .. Cells(c.RatioSpread, Ratio), $"≥ {Ratio(c.Bound)}", c.Target is { } target ? $"≥ {Ratio(target)}" : ""]);
            }
            text.AppendLine($"## {section.Heading}").AppendLine().AppendLine(section.Context).AppendLine().Append(table.Render()).AppendLine();
        }
        return text.ToString();
    }

    /// <summary>Writes perf.md and perf.png into <paramref name="directory"/>; returns their paths.</summary>
    public static (string Table, string Chart) Write(string directory, IReadOnlyList<PerfSection> sections)
    {
        var table = Path.Combine(directory, "perf.md");
        File.WriteAllText(table, Markdown(sections));
        var chart = Path.Combine(directory, "perf.png");
        Chart(sections.SelectMany(Measured).ToArray()).Save(chart);
        return (table, chart);
    }

    private static IEnumerable<Comparison> Measured(PerfSection section) => section.Comparisons.Where(c => c.Trials > 0);

    /// <summary>
    /// One row per comparison: the median ratio as a bar, min–max as a whisker, and marks at 1 (the reference),
    /// at the bound (red) and at the target (green); the label gives both sides' medians.
    /// </summary>
    private static PngCanvas Chart(IReadOnlyList<Comparison> comparisons)
    {
        const int width = 1200, left = 20, right = 40, rowHeight = 100, top = 50;
        var canvas = new PngCanvas(width, top + rowHeight * comparisons.Count + 50, White);
        canvas.Text(left, 15, "subject / reference, median of paired trials (whisker: min-max)", Ink);

        var scale = Math.Max(1.2, comparisons.Select(c => Math.Max(c.RatioSpread.Max, c.Target ?? 0) * 1.1).DefaultIfEmpty(1.2).Max());
        var span = width - left - right;
        int X(double ratio) => left + (int)(Math.Min(ratio, scale) / scale * span);

        var y = top;
        foreach (var c in comparisons)
        {
            var ratio = c.RatioSpread;
            canvas.Text(left, y, $"{c.Title}: {Ratio(ratio.Median)} ({c.Subject.Quantity.Format(c.Subject.Spread.Median)} vs {c.Reference.Quantity.Format(c.Reference.Spread.Median)})", Ink);
            var barTop = y + 24;
            canvas.Fill(left, barTop, span, 30, Track);
            canvas.Fill(left, barTop, X(ratio.Median) - left, 30, Bar);
            canvas.Fill(X(ratio.Min), barTop + 13, Math.Max(2, X(ratio.Max) - X(ratio.Min)), 4, Ink);
            canvas.Fill(X(ratio.Min), barTop + 7, 2, 16, Ink);
            canvas.Fill(X(ratio.Max), barTop + 7, 2, 16, Ink);
            canvas.Fill(X(1.0), barTop - 4, 2, 38, Ink);
            canvas.Fill(X(c.Bound), barTop - 4, 3, 38, BoundLine);
            if (c.Target is { } target) canvas.Fill(X(target), barTop - 4, 3, 38, TargetLine);
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
        canvas.Text(left + 700, legend, "1 = reference", Ink);
        return canvas;
    }

    private static string[] Cells(Spread spread, Func<double, string> format) => [format(spread.Min), format(spread.Median), format(spread.Max)];

    private static string Ratio(double value) => value.ToString("F2", CultureInfo.InvariantCulture) + "x";
}
