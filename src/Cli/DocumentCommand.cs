using Vnetconf.Reporting;

namespace Vnetconf.Cli;

/// <summary>`vnetconf document RESULTS.json`: renders the behaviour catalogue (docs/BEHAVIOR.md) from a real run.</summary>
public static class DocumentCommand
{
    public static int Execute(FileInfo results, FileInfo output)
    {
        RunResults run;
        try
        {
            run = ResultsJson.Read(results.FullName);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return RunCommand.Fail(ExitCodes.BadResultsFile, e is InvalidDataException ? e.Message : $"cannot read {results.FullName}: {e.Message}");
        }
        try
        {
            output.Directory?.Create();
            AtomicFile.WriteAllText(output.FullName, BehaviorDocument.Render(run));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return RunCommand.Fail(ExitCodes.CannotWriteOutput, $"cannot write {output.FullName}: {e.Message}");
        }
        Console.WriteLine($"wrote {output.FullName} from {results.FullName} ({run.Summary})");
        return ExitCodes.Ok;
    }
}
