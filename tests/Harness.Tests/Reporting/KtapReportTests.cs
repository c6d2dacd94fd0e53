using System.Diagnostics;
using System.Text.Json;
using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Reporting;

namespace Vnetconf.Harness.Tests.Reporting;

/// <summary>
/// The KTAP output against an independent reader: node-tap's tap-parser (Debian's node-tap-parser), which reads
/// TAP 13/14 with nested subtests. KTAP's version lines are the only lines it may not understand (it reports them as
/// "extra"): everything else must parse as plans, results, directives and diagnostics.
/// </summary>
public sealed class KtapReportTests
{
    private const string TapParser = "/usr/share/nodejs/tap-parser/bin/cmd.js";

    /// <summary>tap-parser's events for <paramref name="ktap"/> (its -j output: [kind, data] pairs, a subtest's as a nested list).</summary>
    internal static JsonElement Parse(string ktap)
    {
        if (!File.Exists(TapParser))
            Assert.Ignore($"node-tap-parser is the oracle of this test and is not installed (no {TapParser}): apt-get install node-tap-parser (setup/host-packages does)");
        // Debian's modules live in /usr/share/nodejs, which a node from elsewhere (e.g. NodeSource's) does not search.
        var start = new ProcessStartInfo("node", [TapParser, "-j"]) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["NODE_PATH"] = "/usr/share/nodejs";
        using var node = Process.Start(start)!;
        node.StandardInput.Write(ktap);
        node.StandardInput.Close();
        var json = node.StandardOutput.ReadToEnd();
        var error = node.StandardError.ReadToEnd();
        node.WaitForExit();
        json.Should().StartWith("[", $"tap-parser printed no events: {error}");
        return JsonDocument.Parse(json).RootElement.Clone();
    }

    private static IEnumerable<JsonElement> Events(JsonElement events, string kind) =>
        events.EnumerateArray().Where(e => e[0].GetString() == kind).Select(e => e[1]);

    [Test]
    public void The_reader_counts_every_cell_by_its_verdict()
    {
        var events = Parse(KtapReport.Render(SampleRuns.OneStack));

        Events(events, "extra").Select(e => e.GetString()).Should().Equal(["KTAP version 1\n"], "every other line must be TAP the reader understands");
        var complete = Events(events, "complete").Single();
        complete.GetProperty("count").GetInt32().Should().Be(4);
        complete.GetProperty("pass").GetInt32().Should().Be(2, "the skipped cell is ok with # SKIP");
        complete.GetProperty("skip").GetInt32().Should().Be(1);
        complete.GetProperty("fail").GetInt32().Should().Be(2);
        complete.GetProperty("bailout").GetBoolean().Should().BeFalse();
        complete.GetProperty("plan").GetProperty("end").GetInt32().Should().Be(4);
    }

    [Test]
    public void A_skip_carries_its_reason_and_a_deviation_its_evidence_in_diagnostics()
    {
        var events = Parse(KtapReport.Render(SampleRuns.OneStack));
        var asserts = Events(events, "assert").ToArray();

        asserts.Single(a => a.GetProperty("name").GetString() == "netmap.rx.generic.vnet-on").GetProperty("skip").GetString()
            .Should().Be("no netmap modules: set VNETCONF_NETMAP_MODULES or pass --netmap-modules DIR");
        asserts.Single(a => a.GetProperty("name").GetString()!.StartsWith("guest.rx.vnet-on.udp", StringComparison.Ordinal)).GetProperty("name").GetString()
            .Should().Contain("ERROR TimeoutException: no frame within 5 s after 3 tries", "a line break in the message must not end the line");
        Events(events, "comment").Select(c => c.GetString()).Should().Contain(
            "# gso: expected tcpv4 1448, observed none; reason: TUN_F_TSO4 lets GSO through; source: drivers/net/tun.c: set_offload\n");
        asserts.Single(a => a.GetProperty("name").GetString() == "guest.tx.vnet-on.tso4").GetProperty("ok").GetBoolean().Should().BeFalse();
    }

    [Test]
    public void Several_stacks_make_a_subtest_per_stack_and_the_cell_fails_when_one_does()
    {
        var events = Parse(KtapReport.Render(SampleRuns.TwoStacks));

        Events(events, "extra").Should().OnlyContain(e => e.GetString()!.Trim() == "KTAP version 1");
        var children = Events(events, "child").ToArray();
        children.Should().HaveCount(4, "each of the four cells has a subtest per stack");
        var asserts = Events(events, "assert").ToArray();
        asserts.Should().HaveCount(4);
        var tso = children.Select(c => Events(c, "assert").ToArray())
            .Single(c => c.Length == 2 && c[0].GetProperty("fullname").GetString() == "guest.tx.vnet-on.tso4");
        tso.Select(a => (a.GetProperty("name").GetString(), a.GetProperty("ok").GetBoolean())).Should().Equal(("debian-12", true), ("debian-13", false));
        asserts.Single(a => a.GetProperty("name").GetString() == "guest.tx.vnet-on.tso4").GetProperty("ok").GetBoolean().Should().BeFalse();
        var netmap = asserts.Single(a => a.GetProperty("name").GetString() == "netmap.rx.generic.vnet-on");
        netmap.GetProperty("skip").GetString().Should().Be("not run on any stack", "skipped on one stack and absent on the other");
        asserts.Single(a => a.GetProperty("name").GetString() == "host.read.vnet.csum.udpdatagram.ipv4").GetProperty("ok").GetBoolean().Should().BeTrue();
    }
}
