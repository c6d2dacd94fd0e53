using ScottPlot;
using ScottPlot.TickGenerators;

namespace Vnetconf.Reporting;

/// <summary>
/// The reports' charts, drawn with ScottPlot (SkiaSharp underneath, headless): the run's verdicts per category here,
/// the Perf ratios in tests/Perf. Every chart is a <see cref="Plot"/>, saved as PNG for Markdown or SVG for HTML.
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
        var plot = Create();
        var groups = run.Cells.GroupBy(c => c.Category).ToArray();
        var segments = new (string Verdict, Color Color)[]
        {
            (CellResult.AsDocumented, Documented), (CellResult.DocumentedDefect, Defect), (CellResult.Deviates, Deviating), (CellResult.Failed, Errored), (CellResult.Skipped, NotRun),
        };
        var bars = new List<Bar>();
        for (var i = 0; i < groups.Length; i++)
        {
            var row = groups.Length - 1 - i;
            double start = 0;
            foreach (var (verdict, color) in segments)
            {
                var count = groups[i].Count(c => c.Verdict == verdict);
                if (count == 0) continue;
                bars.Add(new Bar { Position = row, ValueBase = start, Value = start + count, FillColor = color, Label = count.ToString(), CenterLabel = true });
                start += count;
            }
        }
        var bar = plot.Add.Bars(bars);
        bar.Horizontal = true;
        bar.ValueLabelStyle.ForeColor = Colors.White;
        bar.ValueLabelStyle.Bold = true;
        plot.Axes.Left.TickGenerator = new NumericManual([.. groups.Select((_, i) => (double)(groups.Length - 1 - i))], [.. groups.Select(g => g.Key)]);
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Axes.Margins(left: 0, right: 0.05, bottom: 0.1, top: 0.1);
        plot.Axes.SetLimitsX(0, Math.Max(1, groups.Select(g => g.Count()).DefaultIfEmpty(0).Max()) * 1.05);
        plot.Axes.Bottom.TickGenerator = new NumericAutomatic { IntegerTicksOnly = true };
        plot.Grid.YAxisStyle.IsVisible = false;
        plot.Title("Cells per category, by verdict");
        plot.XLabel("cells");
        foreach (var (verdict, color) in segments)
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = verdict, FillColor = color });
        plot.ShowLegend(Edge.Right);
        // Title, axis and legend take about 150 pixels; each category row 45.
        return (plot, 150 + groups.Length * 45);
    }
}
