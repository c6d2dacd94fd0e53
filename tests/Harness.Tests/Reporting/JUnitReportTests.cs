using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Model;
using Vnetconf.Reporting;

namespace Vnetconf.Harness.Tests.Reporting;

/// <summary>The JUnit XML against an independent oracle: the JUnit schema CI servers read (Fixtures/junit.xsd), validated by System.Xml.Schema.</summary>
public sealed class JUnitReportTests
{
    /// <summary>Validates <paramref name="xml"/> against Fixtures/junit.xsd; returns every schema error.</summary>
    internal static IReadOnlyList<string> SchemaErrors(string xml)
    {
        var errors = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema };
        settings.Schemas.Add(null, Path.Combine(TestContext.CurrentContext.TestDirectory, "Reporting", "Fixtures", "junit.xsd"));
        settings.ValidationEventHandler += (_, e) => errors.Add($"{e.Severity} line {e.Exception.LineNumber}: {e.Message}");
        using var reader = XmlReader.Create(new StringReader(xml), settings);
        while (reader.Read()) { }
        return errors;
    }

    [Test]
    public void The_schema_rejects_what_is_not_JUnit()
    {
        // The oracle must be able to say no: two outcomes in one testcase, and a count that is not a number.
        SchemaErrors("""<testsuites><testsuite name="s" tests="1"><testcase name="c"><failure/><error/></testcase></testsuite></testsuites>""").Should().NotBeEmpty();
        SchemaErrors("""<testsuites><testsuite name="s" tests="many"/></testsuites>""").Should().NotBeEmpty();
    }

    [TestCaseSource(nameof(Runs))]
    public void A_run_is_valid_JUnit_with_one_testcase_per_cell_and_stack(IReadOnlyList<(string Stack, RunResults Run)> stacks)
    {
        var xml = JUnitReport.Render(stacks);

        SchemaErrors(xml).Should().BeEmpty();
        var cases = XDocument.Parse(xml).Descendants("testcase").ToArray();
        cases.Should().HaveCount(stacks.Sum(s => s.Run.Cells.Count));
        var root = XDocument.Parse(xml).Root!;
        ((int)root.Attribute("tests")!).Should().Be(cases.Length);
        ((int)root.Attribute("failures")!).Should().Be(cases.Count(c => c.Element("failure") is not null));
        ((int)root.Attribute("errors")!).Should().Be(cases.Count(c => c.Element("error") is not null));
        ((int)root.Attribute("skipped")!).Should().Be(cases.Count(c => c.Element("skipped") is not null));
    }

    [Test]
    public void A_deviation_is_a_failure_with_expected_observed_reason_and_source()
    {
        var failure = Case(JUnitReport.Render(SampleRuns.OneStack), "guest.tx.vnet-on.tso4").Element("failure")!;

        failure.Attribute("message")!.Value.Should().Contain("gso observed none, documented tcpv4 1448");
        failure.Value.Should().Contain("expected tcpv4 1448, observed none")
            .And.Contain("reason: TUN_F_TSO4 lets GSO through")
            .And.Contain("source: drivers/net/tun.c: set_offload")
            .And.NotContain("checksum", "an aspect that behaved as documented is no failure");
    }

    [Test]
    public void An_errored_cell_is_an_error_and_a_skipped_cell_says_why()
    {
        var xml = JUnitReport.Render(SampleRuns.OneStack);

        Case(xml, "guest.rx.vnet-on.udp").Element("error")!.Attribute("message")!.Value.Should().StartWith("TimeoutException: no frame within 5 s");
        Case(xml, "netmap.rx.generic.vnet-on").Element("skipped")!.Attribute("message")!.Value.Should().Contain("--netmap-modules DIR");
        Case(xml, "host.read.vnet.csum.udpdatagram.ipv4").Elements().Select(e => e.Name.LocalName).Should().Equal("system-out");
    }

    [Test]
    public void Several_stacks_get_a_suite_each_with_their_environment()
    {
        var suites = XDocument.Parse(JUnitReport.Render(SampleRuns.TwoStacks)).Descendants("testsuite").ToArray();

        suites.Select(s => s.Attribute("name")!.Value).Should().Contain(["debian-12: guest.tx", "debian-13: guest.tx", "debian-13: netmap.rx"]);
        suites.Single(s => s.Attribute("name")!.Value == "debian-13: guest.tx").Descendants("property")
            .Should().Contain(p => p.Attribute("name")!.Value == EnvironmentKeys.GuestKernel && p.Attribute("value")!.Value == "6.12.57+deb13-cloud-amd64");
    }

    private static IEnumerable<IReadOnlyList<(string Stack, RunResults Run)>> Runs() => [SampleRuns.OneStack, SampleRuns.TwoStacks];

    private static XElement Case(string xml, string id) => XDocument.Parse(xml).Descendants("testcase").Single(c => c.Attribute("name")!.Value == id);
}
