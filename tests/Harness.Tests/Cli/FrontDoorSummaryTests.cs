using FluentAssertions;
using NUnit.Framework;

namespace Vnetconf.Harness.Tests.Cli;

/// <summary>
/// The closing lines of <c>./vnetconf test</c>: CI shows only the end of a long log, so a failure must be named there.
/// The front door's own summarize function runs on TRX files written here, with counters chosen by the test.
/// </summary>
public sealed class FrontDoorSummaryTests
{
    [Test]
    public void The_summary_names_each_failed_test_with_the_first_line_of_its_message_and_adds_the_counters_of_every_project()
    {
        var directory = Directory.CreateTempSubdirectory("vnetconf-summary-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(directory, "a.trx"), Trx(("Bulk_tcp_arrives", "Passed", null),
                    ("Killed_QEMU_is_named", "Failed", "OneTimeSetUp: System.TimeoutException : the &quot;far&quot; end &lt;wire0&gt; said nothing\nat Vnetconf.Lab.Run()"))
                .Replace("COUNTERS", """total="3" executed="2" passed="1" failed="1" error="0" timeout="0" aborted="0" inconclusive="0" """, StringComparison.Ordinal));
            File.WriteAllText(Path.Combine(directory, "b.trx"), Trx(("Slow_boot", "Timeout", null))
                .Replace("COUNTERS", """total="1" executed="1" passed="0" failed="0" error="0" timeout="1" aborted="0" inconclusive="0" """, StringComparison.Ordinal));

            var output = Summarize(Path.Combine(directory, "a.trx"), Path.Combine(directory, "b.trx"));

            output.Should().Be("failed: Killed_QEMU_is_named: OneTimeSetUp: System.TimeoutException : the \"far\" end <wire0> said nothing\n"
                + "failed: Slow_boot\n1 passed, 2 failed, 1 skipped\n");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>A TRX as the VSTest logger writes it: a failure's message inside Output/ErrorInfo, its lines as they are.</summary>
    private static string Trx(params (string Name, string Outcome, string? Message)[] results) =>
        "<TestRun><Results>\n"
        + string.Concat(results.Select(r => $"""<UnitTestResult executionId="x" testName="{r.Name}" computerName="vm" outcome="{r.Outcome}" testListId="y">"""
            + (r.Message is null ? "" : $"\n  <Output>\n    <StdOut>Message: not this line</StdOut>\n    <ErrorInfo>\n      <Message>{r.Message}</Message>\n      <StackTrace>at X</StackTrace>\n    </ErrorInfo>\n  </Output>\n")
            + "</UnitTestResult>\n"))
        + "</Results><ResultSummary outcome=\"Failed\"><Counters COUNTERS/></ResultSummary></TestRun>\n";

    private static string Summarize(params string[] trxFiles) => FrontDoorFunction.Run("summarize", trxFiles);
}
