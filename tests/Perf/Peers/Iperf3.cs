using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Vnetconf.Scenarios;

namespace Vnetconf.Perf.Peers;

/// <summary>
/// The kernel's own TCP or UDP on the same bridge and veth: an iperf3 server in the far namespace on the far end's
/// address, and an iperf3 client in the stack namespace on an address of br0, so its segments take
/// br0 → nic0 ══ wire0 as the harness's frames do (only the TAP hop is the harness's alone). It is counted
/// where the harness is counted, at the far end's rx counters, over iperf3's own measured time.
/// </summary>
public static class Iperf3
{
    /// <summary>
    /// UDP unpaced (--bitrate 0; iperf3's UDP default is 1 Mbit/s) in datagrams that fill the 1500-byte MTU
    /// (1472 = 1500 − IPv4 − UDP headers), the frames an MTU-bound UDP sender puts on the wire. iperf3 warns on stderr
    /// that 1472 exceeds its control connection's TCP MSS (1448 with timestamps); the datagrams still fit the MTU.
    /// </summary>
    private static readonly string[] UdpArguments = ["--udp", "--bitrate", "0", "--length", "1472"];

    /// <summary>The client's address on br0, in the lab's subnet.</summary>
    public static readonly IPAddress ClientAddress = IPAddress.Parse("198.18.0.3");

    private const string Port = "5201";

    /// <summary>A hard bound on the server's life that holds even if this process is killed: coreutils timeout.</summary>
    private static readonly TimeSpan ServerLifetime = TimeSpan.FromSeconds(30);

    /// <summary>A one-off server exits as soon as its test ends; one that still runs after this had no client.</summary>
    private static readonly TimeSpan ServerExit = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan ConnectRetry = TimeSpan.FromMilliseconds(50);
    private const int ConnectAttempts = 40;

    /// <summary>Gives br0 the client's address; once per lab, before the first <see cref="Measure"/>.</summary>
    public static void AddClientAddress(HostLab lab) =>
        lab.StackNetlink.AddAddress(lab.StackNetlink.GetLink(HostLab.BridgeName).Index, ClientAddress, LabAddresses.IPv4PrefixLength);

    /// <summary>One iperf3 TCP test of whole seconds (at least <paramref name="duration"/>, at least 1 s: iperf3's -t is whole seconds).</summary>
    public static ThroughputSample MeasureTcp(HostLab lab, TimeSpan duration) => Measure(lab, duration, []);

    /// <summary>One iperf3 UDP test, MTU-sized datagrams as fast as the client can send them, timed as <see cref="MeasureTcp"/>.</summary>
    public static ThroughputSample MeasureUdp(HostLab lab, TimeSpan duration) => Measure(lab, duration, UdpArguments);

    private static ThroughputSample Measure(HostLab lab, TimeSpan duration, string[] traffic)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(duration.TotalSeconds));
        var server = lab.FarOrThrow.Run(() => Process.Start(ChildProcess.StartInfo("timeout", "--signal=KILL",
            ((int)ServerLifetime.TotalSeconds).ToString(CultureInfo.InvariantCulture),
            "iperf3", "--server", "--one-off", "--bind", LabAddresses.StackIPv4.ToString(), "--port", Port)))!;
        try
        {
            var before = lab.WireStats();
            var report = RunClient(lab, seconds, traffic);
            var after = lab.WireStats();
            if (!report.RootElement.TryGetProperty("end", out var end) || !end.TryGetProperty("sum_received", out var received))
                throw new InvalidOperationException($"iperf3 reported no result: {report.RootElement}");
            return ThroughputSample.Between(before, after, TimeSpan.FromSeconds(received.GetProperty("seconds").GetDouble()));
        }
        finally
        {
            ChildProcess.Stop(server, ServerExit);
        }
    }

    /// <summary>Runs the client, retrying while the server is not yet listening; returns its JSON report.</summary>
    private static JsonDocument RunClient(HostLab lab, int seconds, string[] traffic)
    {
        for (var attempt = 1; ; attempt++)
        {
            var client = lab.Stack.Run(() => Process.Start(ChildProcess.StartInfo("iperf3", [
                "--client", LabAddresses.StackIPv4.ToString(), "--bind", ClientAddress.ToString(), "--port", Port,
                "--time", seconds.ToString(CultureInfo.InvariantCulture), "--json", "--connect-timeout", "1000", .. traffic])))!;
            var (status, output, errors) = ChildProcess.Finish(client, TimeSpan.FromSeconds(seconds + 10));
            // With --json, iperf3 puts its error in the report (and may still exit 0); its warnings go to stderr.
            var report = status == 0 ? JsonDocument.Parse(output) : null;
            var error = report is null ? $"{output} {errors}" : report.RootElement.TryGetProperty("error", out var e) ? e.GetString() ?? "" : null;
            if (error is null) return report!;
            report?.Dispose();
            // The server is started just before; until it listens, the client is refused at once.
            if (!error.Contains("Connection refused", StringComparison.Ordinal) || attempt == ConnectAttempts)
                throw new InvalidOperationException($"iperf3 client failed (exit {status}) after {attempt} attempts: {error}");
            Thread.Sleep(ConnectRetry);
        }
    }
}
