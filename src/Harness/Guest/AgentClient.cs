using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Vnetconf.Model;

namespace Vnetconf.Guest;

/// <summary>
/// The host's end of the agent channel: one JSON line per request, one per reply, one request at a time. Every wait
/// has a deadline; a missed one names the request and carries the evidence: QEMU's state and words and the end of
/// the guest's console, where a crashed agent or kernel leaves its last words. A channel that missed a deadline or
/// closed is broken for good (a late reply would answer the wrong request): every later request fails at once with
/// the first failure, so the remaining cells of a dead guest end in milliseconds, not one timeout each.
/// </summary>
public sealed class AgentClient : IDisposable
{
    /// <summary>Where a run's agent deadline is set: whole seconds.</summary>
    public const string TimeoutVariable = "VNETCONF_AGENT_TIMEOUT";

    /// <summary>
    /// How long an answer may take beyond what the request itself lasts (its traffic, its quiet period), and how long
    /// the agent may be silent while it works: 30 s, or <see cref="TimeoutVariable"/> seconds, more on a host slower
    /// than TCG on 2 cores.
    /// </summary>
    public static TimeSpan DefaultTimeout => ConfiguredTimeout.Value;

    private static readonly Lazy<TimeSpan> ConfiguredTimeout = new(() => ParseTimeout(Environment.GetEnvironmentVariable(TimeoutVariable)));

    /// <summary>30 s when <paramref name="text"/> is unset or empty, else its whole seconds (at least 1).</summary>
    /// <exception cref="InvalidOperationException">not a whole number of seconds: every request fails with the fix</exception>
    public static TimeSpan ParseTimeout(string? text) =>
        string.IsNullOrEmpty(text) ? TimeSpan.FromSeconds(30)
        : int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds > 0 ? TimeSpan.FromSeconds(seconds)
        : throw new InvalidOperationException($"{TimeoutVariable}={text}: give the agent's answer deadline in whole seconds, e.g. {TimeoutVariable}=60");

    private readonly Socket socket;
    private readonly NetworkStream stream;
    private readonly StreamReader reader;
    private readonly Func<string> evidence;
    private readonly TimeSpan? silenceLimit;
    private string? broken;

    /// <param name="silenceLimit">how long the agent may be silent while it works on a request (<see cref="DefaultTimeout"/> unless a test says)</param>
    internal AgentClient(Socket socket, Func<string> evidence, TimeSpan? silenceLimit = null)
    {
        this.socket = socket;
        this.silenceLimit = silenceLimit;
        stream = new NetworkStream(socket, ownsSocket: false);
        reader = new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false);
        this.evidence = evidence;
    }

    /// <summary>Sends <paramref name="request"/> and returns the reply; an agent-side error becomes an <see cref="AgentException"/>.</summary>
    public AgentReply Send(AgentRequest request, TimeSpan? timeout = null)
    {
        if (broken is not null) throw new AgentException($"guest agent: {request.Command} not sent: the channel broke earlier: {broken}");
        var line = JsonSerializer.SerializeToUtf8Bytes(request, AgentJsonContext.Default.AgentRequest);
        try
        {
            stream.Write(line);
            stream.WriteByte((byte)'\n');
        }
        catch (IOException e)
        {
            throw Broken($"the channel closed when {request.Command} was sent", e);
        }
        var reply = Receive(timeout ?? DefaultTimeout, request.Command, silenceLimit ?? DefaultTimeout);
        if (reply.Error is { } error) throw new AgentException($"guest agent: {request.Command} failed: {error}");
        return reply;
    }

    /// <summary>
    /// Reads the reply within <paramref name="timeout"/>, passing over the agent's still-working lines. With
    /// <paramref name="silence"/>, a gap longer than that between two lines breaks the channel as well: the agent says
    /// it is working every <see cref="AgentReply.WorkingInterval"/>, so a guest silent that long is frozen, and a long
    /// request (traffic for seconds) costs no more than a short one to find that out.
    /// </summary>
    public AgentReply Receive(TimeSpan timeout, string waitingFor, TimeSpan? silence = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var left = timeout - clock.Elapsed;
            if (left <= TimeSpan.Zero) throw Broken($"no answer to {waitingFor} within {timeout.TotalSeconds} s");
            var wait = silence is { } limit && limit < left ? limit : left;
            var line = ReadLine(wait, waitingFor, () => wait < left
                ? $"no answer to {waitingFor}: the agent was silent for {wait.TotalSeconds} s while working on it (it says it is working every {AgentReply.WorkingInterval.TotalSeconds} s)"
                : $"no answer to {waitingFor} within {timeout.TotalSeconds} s");
            var reply = JsonSerializer.Deserialize(line, AgentJsonContext.Default.AgentReply)
                        ?? throw new AgentException($"guest agent: an empty reply to {waitingFor}");
            if (reply.Working != true) return reply;
        }
    }

    /// <summary>The next line within <paramref name="wait"/>; a missed wait breaks the channel with <paramref name="missed"/>'s words.</summary>
    private string ReadLine(TimeSpan wait, string waitingFor, Func<string> missed)
    {
        string? line;
        using (var deadline = new CancellationTokenSource(wait))
        {
            try
            {
                line = reader.ReadLineAsync(deadline.Token).AsTask().GetAwaiter().GetResult();
            }
            catch (OperationCanceledException e)
            {
                throw Broken(missed(), e);
            }
            catch (IOException e)
            {
                // A QEMU killed while the guest's side was open resets the channel instead of closing it cleanly.
                throw Broken($"the channel was reset while waiting for {waitingFor}", e);
            }
        }
        return line ?? throw Broken($"the channel closed while waiting for {waitingFor}");
    }

    private AgentException Broken(string what, Exception? inner = null)
    {
        broken = $"{what}. {evidence()}";
        return new AgentException($"guest agent: {broken}", inner, $"guest agent: {what}");
    }

    /// <summary>Runs the host-matrix cell <paramref name="cellId"/> in the guest, on the guest's kernel, and returns it as the guest judged it.</summary>
    public CellResult RunCell(string cellId, TimeSpan timeout) =>
        Send(new AgentRequest(AgentCommand.RunCell) { CellId = cellId }, timeout).Cell
        ?? throw new AgentException($"guest agent: no cell in the reply to {AgentCommand.RunCell} {cellId}");

    public AgentHello Hello() => Send(new AgentRequest(AgentCommand.Hello)).Hello!;

    /// <summary>The guest's virtio-net device with the MAC address <paramref name="mac"/> (the lab's NIC by default) and its negotiated features, decoded.</summary>
    public (string Device, string Interface, VirtioFeatureSet Features) VirtioNetFeatures(string mac = VirtioNetDeviceOptions.DefaultMac)
    {
        var raw = Send(new AgentRequest(AgentCommand.VirtioFeatures) { Mac = mac }).VirtioFeatures!;
        return (raw.Device, raw.Interface, VirtioFeatureSet.Parse(raw.Features));
    }

    public IReadOnlyDictionary<string, AgentEthtoolFeature> EthtoolFeatures(string ifname) =>
        Send(new AgentRequest(AgentCommand.EthtoolFeatures) { Interface = ifname }).EthtoolFeatures!.ToDictionary(f => f.Name);

    public Links.EthtoolSetResult SetEthtool(string ifname, IReadOnlyDictionary<string, bool> features) =>
        (Links.EthtoolSetResult)Send(new AgentRequest(AgentCommand.SetEthtool) { Interface = ifname, Features = new(features) }).SetResult!.Value;

    public void ConfigureAddress(string ifname, System.Net.IPAddress address, int prefixLength) =>
        Send(new AgentRequest(AgentCommand.ConfigureAddress) { Interface = ifname, Address = address.ToString(), PrefixLength = prefixLength });

    /// <param name="segmentSize">UDP_SEGMENT: each datagram leaves as one UDP GSO skb of segments this size</param>
    public AgentTrafficReport SendUdp(System.Net.IPEndPoint to, long bytes, int datagramSize, TimeSpan? timeout = null, int? segmentSize = null) =>
        Send(new AgentRequest(AgentCommand.SendUdp) { Address = to.Address.ToString(), Port = to.Port, Bytes = bytes, ChunkSize = datagramSize, SegmentSize = segmentSize }, timeout).Traffic!;

    /// <summary>The frame and loss counters of <paramref name="ifname"/> in the guest.</summary>
    public IReadOnlyDictionary<string, long> LinkCounters(string ifname) =>
        Send(new AgentRequest(AgentCommand.LinkCounters) { Interface = ifname }).Counters!;

    /// <summary>The guest's end of the lab's VXLAN tunnel (<see cref="AgentCommand.AddVxlan"/>), from <paramref name="outerAddress"/> on eth0.</summary>
    public void AddVxlan(System.Net.IPAddress outerAddress) => Send(new AgentRequest(AgentCommand.AddVxlan) { Address = outerAddress.ToString() });

    /// <summary>
    /// Sends <paramref name="bytes"/> over one TCP connection, or stops early once <paramref name="sendFor"/> has passed.
    /// A connect or a send that makes no progress within <paramref name="stall"/> fails in the guest, with what its
    /// TCP and device saw; the host waits that long past the sending time, and for the answer.
    /// </summary>
    public AgentTrafficReport SendTcp(System.Net.IPEndPoint to, long bytes, TimeSpan stall, TimeSpan? sendFor = null) =>
        Send(new AgentRequest(AgentCommand.SendTcp)
        {
            Address = to.Address.ToString(), Port = to.Port, Bytes = bytes, TimeoutMilliseconds = (int)stall.TotalMilliseconds,
            DurationMilliseconds = sendFor is { } limit ? (int)limit.TotalMilliseconds : null,
        }, (sendFor ?? TimeSpan.Zero) + stall + DefaultTimeout).Traffic!;

    /// <summary>Opens an AF_PACKET capture on <paramref name="ifname"/> in the guest; collect it with <see cref="CollectCapture"/>.</summary>
    public int StartCapture(string ifname, bool vnetHeader = true) =>
        Send(new AgentRequest(AgentCommand.CaptureStart) { Interface = ifname, VnetHeader = vnetHeader }).CaptureId!.Value;

    /// <summary>Up to <paramref name="count"/> frames, fewer once none came for <paramref name="quiet"/>.</summary>
    public IReadOnlyList<AgentFrame> CollectCapture(int captureId, int count, TimeSpan quiet) =>
        Send(new AgentRequest(AgentCommand.CaptureCollect) { CaptureId = captureId, Count = count, TimeoutMilliseconds = (int)quiet.TotalMilliseconds },
            DefaultTimeout).Frames!;

    /// <summary>
    /// The frames captured before the marker (a UDP datagram from <paramref name="markerPort"/>, see
    /// <see cref="SendMarker"/>), at most <paramref name="count"/>; a marker that does not come within
    /// <paramref name="timeout"/> is the agent's timeout error.
    /// </summary>
    public IReadOnlyList<AgentFrame> CollectCaptureUntilMarker(int captureId, int count, int markerPort, TimeSpan timeout) =>
        Send(new AgentRequest(AgentCommand.CaptureCollect)
        {
            CaptureId = captureId, Count = count, MarkerPort = markerPort, TimeoutMilliseconds = (int)timeout.TotalMilliseconds,
        }, timeout + DefaultTimeout).Frames!;

    /// <summary>
    /// One small UDP datagram from the guest's <paramref name="fromPort"/> to <paramref name="to"/>, written after a
    /// cell's traffic on the same path: once it has arrived, whatever the guest sent before it was delivered or lost.
    /// </summary>
    public void SendMarker(System.Net.IPEndPoint to, int fromPort) =>
        Send(new AgentRequest(AgentCommand.SendUdp) { Address = to.Address.ToString(), Port = to.Port, Bytes = MarkerBytes, ChunkSize = MarkerBytes, MarkerPort = fromPort });

    private const int MarkerBytes = 16;

    /// <summary>Opens a TCP listener or a bound UDP socket on <paramref name="port"/> in the guest; read it with <see cref="CollectReceiver"/>.</summary>
    public int StartReceiver(string protocol, int port) =>
        Send(new AgentRequest(AgentCommand.ReceiveStart) { Protocol = protocol, Port = port }).ReceiverId!.Value;

    /// <summary>
    /// What the receiver got: a TCP connection read to its end (silent for <paramref name="quiet"/> before it: the
    /// agent's error, with the evidence), or UDP datagrams until <paramref name="quiet"/> passed without one.
    /// </summary>
    public AgentTrafficReport CollectReceiver(int receiverId, TimeSpan quiet) =>
        Send(new AgentRequest(AgentCommand.ReceiveCollect) { ReceiverId = receiverId, TimeoutMilliseconds = (int)quiet.TotalMilliseconds },
            quiet + DefaultTimeout).Traffic!;

    /// <summary>The UDP datagrams a receiver got before the marker datagram from <paramref name="markerPort"/>; a marker that does not come within <paramref name="timeout"/> is a timeout.</summary>
    public AgentTrafficReport CollectReceiverUntilMarker(int receiverId, int markerPort, TimeSpan timeout) =>
        Send(new AgentRequest(AgentCommand.ReceiveCollect) { ReceiverId = receiverId, MarkerPort = markerPort, TimeoutMilliseconds = (int)timeout.TotalMilliseconds },
            timeout + DefaultTimeout).Traffic!;

    public void Dispose()
    {
        reader.Dispose();
        stream.Dispose();
        socket.Dispose();
    }
}
