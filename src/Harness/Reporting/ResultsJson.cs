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
        return run;
    }
}

[JsonSerializable(typeof(RunResults))]
internal sealed partial class ResultsJsonContext : JsonSerializerContext;
