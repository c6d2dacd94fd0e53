using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

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

    public static void Write(RunResults run, string path) =>
        File.WriteAllText(path, JsonSerializer.Serialize(run, Context.RunResults));

    /// <summary>Reads a results file, refusing one of another schema with a message that says which.</summary>
    public static RunResults Read(string path)
    {
        RunResults? run;
        try
        {
            run = JsonSerializer.Deserialize(File.ReadAllText(path), Context.RunResults);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a vnetconf results file: {e.Message}", e);
        }
        if (run is null || run.Schema != RunResults.CurrentSchema)
            throw new InvalidDataException($"{path} has schema '{run?.Schema ?? "none"}'; this vnetconf reads '{RunResults.CurrentSchema}'");
        var problem = Validate(run);
        return problem is null ? run : throw new InvalidDataException($"{path} is not a valid {RunResults.CurrentSchema} file: {problem}");
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
        }
        return null;
    }
}

[JsonSerializable(typeof(RunResults))]
internal sealed partial class ResultsJsonContext : JsonSerializerContext;
