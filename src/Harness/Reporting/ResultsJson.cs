using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Vnetconf.Model;

namespace Vnetconf.Reporting;

/// <summary>Reads and writes <see cref="RunResults"/> as JSON (source-generated, so it also works trimmed).</summary>
public static class ResultsJson
{
    // Relaxed escaping keeps "34+16" and "×" readable in the file; it is never embedded in HTML.
    private static readonly ResultsJsonContext Context = new(new JsonSerializerOptions
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    private static readonly ResultsJsonContext LineContext = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>One cell as one line of JSON, for a journal that grows as cells are judged.</summary>
    public static string Line(CellResult cell) => JsonSerializer.Serialize(cell, LineContext.CellResult);

    /// <summary>Writes <paramref name="run"/> to <paramref name="path"/> whole or not at all (<see cref="AtomicFile"/>).</summary>
    public static void Write(RunResults run, string path) =>
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(run, Context.RunResults));

    /// <summary>Reads a results file, refusing one of another schema with a message that says which.</summary>
    public static RunResults Read(string path)
    {
        RunResults? run;
        try
        {
            run = JsonSerializer.Deserialize(ReadBounded(path), Context.RunResults);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a vnetconf results file: {e.Message}", e);
        }
        if (run is null || !RunResults.ReadableSchemas.Contains(run.Schema))
            throw new InvalidDataException($"{path} has schema '{run?.Schema ?? "none"}'; this vnetconf reads {string.Join(" and ", RunResults.ReadableSchemas.Select(s => $"'{s}'"))}");
        var problem = Validate(run);
        return problem is null ? run : throw new InvalidDataException($"{path} is not a valid {RunResults.CurrentSchema} file: {problem}");
    }

    /// <summary>
    /// The largest results file read: a full run of every category on several stacks is a few MiB, so anything far
    /// larger (or endless, such as /dev/zero) is not a results file and must not be read into memory whole.
    /// </summary>
    public const int MaxBytes = 256 << 20;

    private static byte[] ReadBounded(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        using var content = new MemoryStream();
        var buffer = new byte[1 << 16];
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            if (content.Length + read > MaxBytes)
                throw new InvalidDataException($"{path} is not a vnetconf results file: it is larger than {MaxBytes >> 20} MiB");
            content.Write(buffer, 0, read);
        }
        return content.ToArray();
    }

    /// <summary>What the deserializer lets through but no writer of this schema produces: missing parts, duplicate ids.</summary>
    private static string? Validate(RunResults run)
    {
        if (run.Environment is null) return "no environment";
        if (run.Cells is null) return "no cells";
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cell in run.Cells)
        {
            if (cell?.Id is null || cell.Category is null || cell.Title is null || cell.Verdict is null) return "a cell without id, category, title or verdict";
            if (!ids.Add(cell.Id)) return $"cell '{cell.Id}' appears twice";
            if (cell.Aspects is null || cell.Notes is null) return $"cell '{cell.Id}' has no aspects or notes";
            if (cell.Aspects.Any(a => a?.Name is null || a.Observed is null || a.Expected is null || a.Reason is null || a.Source is null))
                return $"cell '{cell.Id}' has an incomplete aspect";
            if (cell.Aspects.GroupBy(a => a.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
                return $"cell '{cell.Id}' has aspect '{twice.Key}' twice";
        }
        return null;
    }
}

[JsonSerializable(typeof(RunResults))]
[JsonSerializable(typeof(CellResult))]
internal sealed partial class ResultsJsonContext : JsonSerializerContext;
