using System.Diagnostics;
using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Packets;
using Vnetconf.Reporting;
using Vnetconf.Scenarios;

namespace Vnetconf.Harness.Tests.Reporting;

/// <summary>The pcapng files open in the standard tools: tcpdump (libpcap's own reader) is the oracle.</summary>
public sealed class PcapNgWriterTests
{
    [Test]
    public void Tcpdump_reads_back_every_frame_with_its_addresses_and_length()
    {
        if (!File.Exists("/usr/bin/tcpdump") && !File.Exists("/usr/sbin/tcpdump"))
            Assert.Ignore("tcpdump is the oracle of this test and is not installed: apt-get install tcpdump (setup/host-packages does)");
        var path = Path.Combine(Path.GetTempPath(), $"vnetconf-{Guid.NewGuid():n}.pcapng");
        var flow = LabAddresses.GuestToStack(IpFamily.IPv4);
        try
        {
            using (var writer = new PcapNgWriter(File.Create(path), "test interface"))
            {
                foreach (var payload in new[] { 200, 1000, 3000 })
                {
                    var frame = new byte[FrameBuilder.UdpFrameLength(flow, payload)];
                    FrameBuilder.Udp(frame, flow, GuestTcp.Pattern[..payload], L4ChecksumMode.Complete);
                    writer.Write(frame, DateTimeOffset.UnixEpoch.AddSeconds(payload), $"payload {payload}");
                }
            }

            var start = new ProcessStartInfo("tcpdump", ["-n", "-r", path]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var tcpdump = Process.Start(start)!;
            var lines = tcpdump.StandardOutput.ReadToEnd().Trim().Split('\n');
            tcpdump.WaitForExit();

            tcpdump.ExitCode.Should().Be(0, tcpdump.StandardError.ReadToEnd());
            lines.Should().HaveCount(3);
            lines.Should().OnlyContain(l => l.Contains("198.18.0.1.9000 > 198.18.0.2.40000: UDP"));
            lines.Select(l => l.Split("length ").Last()).Should().Equal("200", "1000", "3000");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
