using System.Globalization;
using System.Text;
using ScottPlot;
using ScottPlot.TickGenerators;
using Vnetconf.Reporting;

namespace Vnetconf.Perf.Reporting;

/// <summary>
/// The Perf results of one run, section by section: a Markdown table (each measurement's min/median/max and floor,
/// each comparison's ratio with its bound and target) and a PNG chart of the ratios, both written to results/perf.
/// </summary>
public static class PerfReport
{
    private static readonly Color Ink = Color.FromHex("#1e1e1e");
    private static readonly Color Median = Color.FromHex("#3c6ec8");

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
                    table.Add([m.Label, .. Cells(m.Spread, m.Quantity.Format), m.Limit, ""]);
                table.Add([$"**ratio** {c.Title}", .. Cells(c.RatioSpread, Ratio), $"≥ {Ratio(c.Bound)}", c.Target is { } target ? $"≥ {Ratio(target)}" : ""]);
            }
            foreach (var m in (section.Figures ?? []).Where(m => m.Samples.Count > 0 && listed.Add(m)))
                table.Add([m.Label, .. Cells(m.Spread, m.Quantity.Format), m.Limit, ""]);
            text.AppendLine($"## {section.Heading}").AppendLine().AppendLine(section.Context).AppendLine().Append(table.Render()).AppendLine();
        }
        return text.ToString();
    }

    private const string ChartFileName = "perf.png";

    /// <summary>Writes perf.md (showing perf.png) and perf.png into <paramref name="directory"/>; returns their paths.</summary>
    public static (string Table, string Chart) Write(string directory, IReadOnlyList<PerfSection> sections)
    {
        var table = Path.Combine(directory, "perf.md");
        AtomicFile.WriteAllText(table, $"![throughput ratios]({ChartFileName}){Environment.NewLine}{Environment.NewLine}{Markdown(sections)}");
        var chart = Path.Combine(directory, ChartFileName);
        AtomicFile.Write(chart, stream => stream.Write(Chart(sections.SelectMany(Measured).ToArray())));
        return (table, chart);
    }

    private static IEnumerable<Comparison> Measured(PerfSection section) => section.Comparisons.Where(c => c.Trials > 0);

    /// <summary>
    /// One row per comparison on a log scale of the ratio (so 0.5x and 2x are as far from 1x): the median as a dot,
    /// min–max as a whisker, and marks at 1 (the reference), at the bound (red, asserted) and at the target (green,
    /// reported); the label gives both sides' medians.
    /// </summary>
    private static byte[] Chart(Comparison[] comparisons)
    {
        var plot = Charts.Create();
        var ratios = comparisons.SelectMany(c => new[] { c.RatioSpread.Min, c.RatioSpread.Max, c.Bound, c.Target ?? 1 }).Append(1).ToArray();
        var (low, high) = (Math.Log10(ratios.Min()) - 0.15, Math.Log10(ratios.Max()) + 0.15);
        plot.Add.VerticalLine(0, 1.5f, Colors.Black, LinePattern.Dashed);
        for (var i = 0; i < comparisons.Length; i++)
        {
            var c = comparisons[i];
            var ratio = c.RatioSpread;
            double y = comparisons.Length - 1 - i;
            var whisker = plot.Add.Line(Math.Log10(ratio.Min), y, Math.Log10(ratio.Max), y);
            whisker.LineColor = Ink;
            whisker.LineWidth = 2;
            Mark(plot, c.Bound, y, Charts.Deviating);
            if (c.Target is { } target) Mark(plot, target, y, Charts.Documented);
            var median = plot.Add.Marker(Math.Log10(ratio.Median), y, MarkerShape.FilledCircle, 12, Median);
            median.MarkerStyle.OutlineColor = Colors.White;
            var label = plot.Add.Text($"{c.Title}: {Ratio(ratio.Median)} ({c.Subject.Quantity.Format(c.Subject.Spread.Median)} vs {c.Reference.Quantity.Format(c.Reference.Spread.Median)})", low, y + 0.42);
            label.LabelFontSize = 13;
            label.LabelAlignment = Alignment.LowerLeft;
        }
        plot.Axes.Bottom.TickGenerator = LogTicks(low, high);
        plot.Axes.Left.TickGenerator = new NumericManual();
        plot.Axes.SetLimits(low, high, -0.6, comparisons.Length - 0.1);
        plot.Grid.YAxisStyle.IsVisible = false;
        plot.Title("subject / reference, median of paired trials (whisker: min–max)");
        plot.XLabel("ratio (log scale; 1x = the reference)");
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "median ratio", MarkerShape = MarkerShape.FilledCircle, MarkerColor = Median, MarkerSize = 10 });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "min–max", LineColor = Ink, LineWidth = 2 });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "bound (asserted)", LineColor = Charts.Deviating, LineWidth = 3 });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "target (reported)", LineColor = Charts.Documented, LineWidth = 3 });
        plot.ShowLegend(Alignment.UpperRight);
        return plot.GetImageBytes(1200, 170 + 90 * comparisons.Length, ImageFormat.Png);
    }

    /// <summary>A short vertical mark across row <paramref name="y"/> at <paramref name="ratio"/>.</summary>
    private static void Mark(Plot plot, double ratio, double y, Color color)
    {
        var line = plot.Add.Line(Math.Log10(ratio), y - 0.3, Math.Log10(ratio), y + 0.3);
        line.LineColor = color;
        line.LineWidth = 3;
    }

    /// <summary>Ticks at 1, 2 and 5 of each decade between <paramref name="low"/> and <paramref name="high"/> (log10 of the ratio), labelled as ratios.</summary>
    private static NumericManual LogTicks(double low, double high)
    {
        var ticks = new NumericManual();
        for (var decade = (int)Math.Floor(low); decade <= (int)Math.Ceiling(high); decade++)
            foreach (var step in new[] { 1.0, 2, 5 })
            {
                var position = decade + Math.Log10(step);
                if (position >= low && position <= high) ticks.AddMajor(position, Ratio(Math.Pow(10, position)));
            }
        return ticks;
    }

    private static string[] Cells(Spread spread, Func<double, string> format) => [format(spread.Min), format(spread.Median), format(spread.Max)];

    // Three significant digits: ratios range from 0.002 (the corpus per case) to 40 (USO per datagram).
    private static string Ratio(double value) => value.ToString("G3", CultureInfo.InvariantCulture) + "x";
}
