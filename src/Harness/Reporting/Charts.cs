using ScottPlot;
using ScottPlot.TickGenerators;
using Vnetconf.Model;

namespace Vnetconf.Reporting;

/// <summary>
/// The reports' charts, drawn with ScottPlot (SkiaSharp underneath, headless): the run's verdicts per category and the
/// comparison's behaviours per run here, the Perf ratios in tests/Perf. Every chart is a <see cref="Plot"/>, saved as PNG for Markdown or SVG for HTML.
/// </summary>
public static class Charts
{
    /// <summary>
    /// Set explicitly: SkiaSharp's NoDependencies build finds fonts by scanning the font directories, and ScottPlot's
    /// own pick is the first family it finds (DejaVu Serif here). setup/host-packages installs fonts-dejavu-core.
    /// </summary>
    public const string FontFamily = "DejaVu Sans";

    public static readonly Color Documented = Color.FromHex("#4caf50");
    public static readonly Color Defect = Color.FromHex("#8e24aa");
    public static readonly Color Deviating = Color.FromHex("#e53935");
    public static readonly Color Errored = Color.FromHex("#f9a825");
    public static readonly Color NotRun = Color.FromHex("#9e9e9e");

    /// <summary>The comparison's behaviours a run observed and the baseline did not: no value to compare with.</summary>
    public static readonly Color Unmatched = Color.FromHex("#64b5f6");

    /// <summary>A plot in the reports' font, on white.</summary>
    public static Plot Create()
    {
        var plot = new Plot();
        plot.Font.Set(FontFamily);
        return plot;
    }

    /// <summary>The verdicts chart as an &lt;svg&gt; element, to embed inline in HTML.</summary>
    public static string VerdictsSvg(RunResults run)
    {
        var (plot, height) = Verdicts(run);
        var svg = plot.GetSvgXml(VerdictsWidth, height);
        // ScottPlot writes a standalone document; its XML declaration is not allowed inside HTML, the element is.
        return svg[svg.IndexOf("<svg", StringComparison.Ordinal)..];
    }

    /// <summary>Where the verdicts PNG goes, beside the Markdown report that shows it.</summary>
    public const string VerdictsPngFileName = "verdicts.png";

    /// <summary>The verdicts chart as PNG, for Markdown.</summary>
    public static byte[] VerdictsPng(RunResults run)
    {
        var (plot, height) = Verdicts(run);
        return plot.GetImageBytes(VerdictsWidth, height, ImageFormat.Png);
    }

    private const int VerdictsWidth = 900;

    /// <summary>
    /// One horizontal bar per category, stacked by verdict (as documented, deviating, error, skipped), the count of
    /// each segment written on it; categories top to bottom in the run's order.
    /// </summary>
    private static (Plot Plot, int Height) Verdicts(RunResults run)
    {
        var groups = run.Cells.GroupBy(c => c.Category).ToArray();
        var segments = new (string Verdict, Color Color)[]
        {
            (CellResult.AsDocumented, Documented), (CellResult.DocumentedDefect, Defect), (CellResult.Deviates, Deviating), (CellResult.Failed, Errored), (CellResult.Skipped, NotRun),
        };
        var plot = StackedBars(
            [.. groups.Select(g => (g.Key, (IReadOnlyList<int>)[.. segments.Select(s => g.Count(c => c.Verdict == s.Verdict))]))],
            segments, length: groups.Select(g => g.Count()).DefaultIfEmpty(0).Max(), "Cells per category, by verdict", "cells");
        // Title, axis and legend take about 150 pixels; each category row 45.
        return (plot, 150 + groups.Length * 45);
    }

    /// <summary>Where the comparison's PNG goes, beside compare.md that shows it.</summary>
    public const string ComparisonPngFileName = "compare.png";

    /// <summary>The comparison chart as an &lt;svg&gt; element, to embed inline in compare.html.</summary>
    public static string ComparisonSvg(ResultsComparison comparison)
    {
        var (plot, width, height) = Comparison(comparison);
        var svg = plot.GetSvgXml(width, height);
        return svg[svg.IndexOf("<svg", StringComparison.Ordinal)..];
    }

    /// <summary>The comparison chart as PNG, for compare.md.</summary>
    public static byte[] ComparisonPng(ResultsComparison comparison)
    {
        var (plot, width, height) = Comparison(comparison);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    /// <summary>The segments of each run's bar in the comparison chart, left to right; together they are every behaviour compared.</summary>
    internal static readonly (string Label, Color Color)[] ComparisonSegments =
    [
        ("as the baseline", Documented), ("differs from the baseline", Deviating), ("the baseline did not run it", Unmatched), ("not run", NotRun),
    ];

    /// <summary>
    /// Run <paramref name="run"/>'s behaviours split as <see cref="ComparisonSegments"/> are, from the comparison's own
    /// counts: the baseline's observed behaviours are "as the baseline" (it is the baseline).
    /// </summary>
    internal static int[] ComparisonCounts(ResultsComparison comparison, int run)
    {
        var compared = run == 0 ? comparison.ObservedIn(0) : comparison.ComparedIn(run);
        var differing = run == 0 ? 0 : comparison.DifferingIn(run);
        return [compared - differing, differing, comparison.ObservedIn(run) - compared, comparison.NotRunIn(run)];
    }

    /// <summary>
    /// One horizontal bar per run (the baseline on top), headed as the comparison heads its columns (the run's name and
    /// versions), stacked: as the baseline, differing from it, observed where the baseline did not run it, not run;
    /// each segment's count written on it. Every bar is as long as the comparison has behaviours.
    /// </summary>
    internal static (Plot Plot, int Width, int Height) Comparison(ResultsComparison comparison)
    {
        var runs = comparison.Runs.Count;
        // Each run as compare.md and compare.html head its column: its name, then its versions one a line.
        string Heading(int run) => string.Join("\n",
            [ComparisonMarkdown.ColumnName(comparison, run), .. comparison.VersionKeys.Where(comparison.Runs[run].Run.Environment.ContainsKey).Select(k => $"{k} {comparison.Runs[run].Run.Environment[k]}")]);
        var plot = StackedBars([.. Enumerable.Range(0, runs).Select(run => (Heading(run), (IReadOnlyList<int>)ComparisonCounts(comparison, run)))],
            ComparisonSegments, length: comparison.Rows.Count, "Behaviours per run, against the baseline", "behaviours");
        // Title, axis and legend take about 150 pixels; each run's row 30 a line of its heading, 60 at least.
        var lines = 1 + comparison.VersionKeys.Count;
        return (plot, 1100, 150 + runs * Math.Max(60, 30 * lines));
    }

    /// <summary>
    /// One horizontal bar per row, the first on top, labelled on the left and stacked from <paramref name="segments"/>
    /// (a legend names them), each nonzero segment's count written on it; the axis runs to <paramref name="length"/>.
    /// </summary>
    private static Plot StackedBars(IReadOnlyList<(string Label, IReadOnlyList<int> Counts)> rows, IReadOnlyList<(string Label, Color Color)> segments,
        int length, string title, string unit)
    {
        var plot = Create();
        var bars = new List<Bar>();
        for (var i = 0; i < rows.Count; i++)
        {
            double start = 0;
            foreach (var (count, (_, color)) in rows[i].Counts.Zip(segments))
            {
                if (count == 0) continue;
                bars.Add(new Bar { Position = rows.Count - 1 - i, ValueBase = start, Value = start + count, FillColor = color, Label = count.ToString(), CenterLabel = true });
                start += count;
            }
        }
        var bar = plot.Add.Bars(bars);
        bar.Horizontal = true;
        bar.ValueLabelStyle.ForeColor = Colors.White;
        bar.ValueLabelStyle.Bold = true;
        plot.Axes.Left.TickGenerator = new NumericManual([.. rows.Select((_, i) => (double)(rows.Count - 1 - i))], [.. rows.Select(r => r.Label)]);
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Axes.Margins(left: 0, right: 0.05, bottom: 0.1, top: 0.1);
        plot.Axes.SetLimitsX(0, Math.Max(1, length) * 1.05);
        plot.Axes.Bottom.TickGenerator = new NumericAutomatic { IntegerTicksOnly = true };
        plot.Grid.YAxisStyle.IsVisible = false;
        plot.Title(title);
        plot.XLabel(unit);
        foreach (var (label, color) in segments)
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = label, FillColor = color });
        plot.ShowLegend(Edge.Right);
        return plot;
    }
}
