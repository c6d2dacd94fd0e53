using System.Text;

namespace Vnetconf.Reporting;

/// <summary>A plain-text table for test output and console reports: columns padded to their widest cell.</summary>
public sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> rows = [];

    public IReadOnlyList<string> Headers { get; } = headers;
    public IReadOnlyList<IReadOnlyList<string>> Rows => rows;

    public void Add(params string[] cells)
    {
        if (cells.Length != Headers.Count)
            throw new ArgumentException($"a row of {cells.Length} cells in a table of {Headers.Count} columns");
        rows.Add(cells.Select(Escape).ToArray());
    }

    /// <summary>A "|" inside a cell (e.g. "CSUM|TSO4") would split it in Markdown; "\|" keeps it one cell.</summary>
    private static string Escape(string cell) => cell.Replace("|", "\\|", StringComparison.Ordinal);

    /// <summary>Renders as a Markdown-compatible pipe table, readable as plain text too.</summary>
    public string Render()
    {
        var widths = new int[Headers.Count];
        foreach (var row in rows.Prepend(Headers.ToArray()))
            for (var i = 0; i < row.Length; i++) widths[i] = Math.Max(widths[i], row[i].Length);
        var text = new StringBuilder();
        AppendRow(text, Headers.ToArray(), widths);
        text.Append('|');
        foreach (var w in widths) text.Append(' ').Append('-', w).Append(" |");
        text.AppendLine();
        foreach (var row in rows) AppendRow(text, row, widths);
        return text.ToString();
    }

    private static void AppendRow(StringBuilder text, string[] row, int[] widths)
    {
        text.Append('|');
        for (var i = 0; i < row.Length; i++) text.Append(' ').Append(row[i].PadRight(widths[i])).Append(" |");
        text.AppendLine();
    }
}
