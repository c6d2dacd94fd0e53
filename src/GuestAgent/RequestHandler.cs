using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Vnetconf.Guest;
using Vnetconf.Links;
using Vnetconf.Model;
using Vnetconf.Packets;
using Vnetconf.Scenarios;

namespace Vnetconf.GuestAgent;

/// <summary>
/// Carries out each request with the harness's own Links code, inside the guest's only network namespace. That
/// namespace is the host namespace of the shared code, so every change names the one interface it may touch
/// (<see cref="NetNamespace.HostWithPermission"/>) and passes the same guard as on the real host.
/// </summary>
internal sealed class RequestHandler
{
    private const int CaptureBufferSize = 256 * 1024;

    private readonly Dictionary<int, PacketSocket> captures = new();
    private readonly Dictionary<int, Socket> receivers = new();
    private int nextCaptureId = 1;
    private readonly NetmapRequestHandler netmap = new();
    private readonly NetmapToolRequestHandler tools = new();
    private int nextReceiverId = 1;

    public static AgentHello SayHello() => new(
        File.ReadAllText("/proc/sys/kernel/osrelease").Trim(),
        double.Parse(File.ReadAllText("/proc/uptime").Split(' ')[0], CultureInfo.InvariantCulture));

    public AgentReply Handle(AgentRequest request) => request.Command switch
    {
        AgentCommand.Hello => new AgentReply { Hello = SayHello() },
        AgentCommand.VirtioFeatures => new AgentReply { VirtioFeatures = ReadNetDeviceFeatures(Required(request.Mac, "mac")) },
        AgentCommand.EthtoolFeatures => new AgentReply { EthtoolFeatures = ReadEthtool(Required(request.Interface, "interface")) },
        AgentCommand.SetEthtool => new AgentReply { SetResult = SetEthtool(Required(request.Interface, "interface"), Required(request.Features, "features")) },
        AgentCommand.ConfigureAddress => ConfigureAddress(request),
        AgentCommand.AddVxlan => AddVxlan(request),
        AgentCommand.LinkCounters => new AgentReply { Counters = LinkCounters(Required(request.Interface, "interface")) },
        AgentCommand.SendUdp => new AgentReply { Traffic = SendUdp(request) },
        AgentCommand.SendTcp => new AgentReply { Traffic = SendTcp(request) },
        AgentCommand.CaptureStart => new AgentReply { CaptureId = StartCapture(request) },
        AgentCommand.CaptureCollect => new AgentReply { Frames = CollectCapture(request) },
        AgentCommand.ReceiveStart => new AgentReply { ReceiverId = StartReceiver(request) },
        AgentCommand.ReceiveCollect => new AgentReply { Traffic = CollectReceiver(request) },
        AgentCommand.RunCell => new AgentReply { Cell = RunCell(Required(request.CellId, "cellId")) },
        var command when NetmapAgentCommand.Handles(command) => new AgentReply { Netmap = netmap.Handle(command, Required(request.Netmap, "netmap")) },
        var command when NetmapToolCommand.Handles(command) => new AgentReply { Tool = tools.Handle(command, Required(request.Tool, "tool")) },
        _ => new AgentReply { Error = $"unknown command '{request.Command}'" },
    };

    /// <summary>
    /// One host-matrix cell, run here as the host runs it (the same catalogue, the same probes, its labs in namespaces of
    /// their own), judged against the expectations for this guest's kernel: a kernel under test without rebooting the host.
    /// </summary>
    private static CellResult RunCell(string id) =>
        (HostCells.Value.GetValueOrDefault(id)
         ?? throw new ArgumentException($"no host-matrix cell '{id}' for kernel {KernelVersion.RunningRelease}")).Execute().Result;

    /// <summary>
    /// The host-matrix cells for this guest's kernel, built once per agent: the corpus cells of one lab share that lab's
    /// run (<see cref="CorpusMatrix.Cells"/>), so its block of cases runs once for all of them, as on the host, and
    /// not once per cell requested.
    /// </summary>
    private static readonly Lazy<IReadOnlyDictionary<string, MatrixCell>> HostCells =
        new(() => HostMatrix.Cells(KernelVersion.Running).ToDictionary(c => c.Id, StringComparer.Ordinal));

    /// <summary>The features of the virtio device whose device id is 1 (network card, virtio spec 5.1).</summary>
    /// <summary>
    /// The virtio device behind the interface whose address is <paramref name="mac"/>: /sys/class/net/IF/device links to
    /// the virtio device (virtio_net registers the netdev under it), whose features file is what was negotiated.
    /// </summary>
    private static VirtioDeviceFeatures ReadNetDeviceFeatures(string mac)
    {
        const string interfaces = "/sys/class/net";
        foreach (var dir in Directory.EnumerateDirectories(interfaces).Order(StringComparer.Ordinal))
        {
            var address = Path.Combine(dir, "address");
            var device = Path.Combine(dir, "device");
            if (!File.Exists(address) || !Directory.Exists(device) || !string.Equals(File.ReadAllText(address).Trim(), mac, StringComparison.OrdinalIgnoreCase)) continue;
            // The link is relative to the interface's real directory, so it is followed by the kernel, not resolved as text.
            var virtio = Path.GetFileName(new DirectoryInfo(device).LinkTarget) ?? device;
            return new VirtioDeviceFeatures(virtio, Path.GetFileName(dir), File.ReadAllText(Path.Combine(device, "features")).Trim());
        }
        throw new InvalidOperationException($"no network interface with address {mac} and a device under {interfaces}");
    }

    private static List<AgentEthtoolFeature> ReadEthtool(string ifname)
    {
        using var ethtool = Ethtool.Open(NetNamespace.Host);
        return ethtool.GetFeatures(ifname)
            .Select(pair => new AgentEthtoolFeature(pair.Key, pair.Value.Available, pair.Value.Requested, pair.Value.Active, pair.Value.IsFixed))
            .ToList();
    }

    private static int SetEthtool(string ifname, Dictionary<string, bool> features)
    {
        using var ethtool = Ethtool.Open(NetNamespace.HostWithPermission([ifname]));
        return (int)ethtool.SetFeatures(ifname, features);
    }

    private static AgentReply ConfigureAddress(AgentRequest request)
    {
        var ifname = Required(request.Interface, "interface");
        var ns = NetNamespace.HostWithPermission([ifname, "lo"]);
        var address = IPAddress.Parse(Required(request.Address, "address"));
        using (var net = Rtnetlink.Open(ns))
        {
            net.SetUp(net.GetLink("lo").Index, true);
            var index = net.GetLink(ifname).Index;
            net.SetUp(index, true);
            net.AddAddress(index, address, Required(request.PrefixLength, "prefixLength"));
        }
        // The reply means "usable": an IPv6 address's local route appears asynchronously, after the reply would have.
        AddressReadiness.Await(ns, address);
        return new AgentReply();
    }

    private static Dictionary<string, long> LinkCounters(string ifname)
    {
        using var net = Rtnetlink.Open(NetNamespace.Host);
        return new Dictionary<string, long>(net.GetLink(ifname).Stats.FrameCounters(), StringComparer.Ordinal);
    }

    private static AgentReply AddVxlan(AgentRequest request)
    {
        var outer = IPAddress.Parse(Required(request.Address, "address"));
        var family = outer.AddressFamily == AddressFamily.InterNetworkV6 ? IpFamily.IPv6 : IpFamily.IPv4;
        if (!outer.Equals(LabAddresses.Guest(family))) throw new ArgumentException($"the guest's tunnel starts at its lab address {LabAddresses.Guest(family)}, not {outer}");
        using var net = Rtnetlink.Open(NetNamespace.HostWithPermission([VxlanEndpoint.Name]));
        VxlanEndpoint.Add(net, family, guestSide: true, outerChecksum: false);
        return new AgentReply();
    }

    private static AgentTrafficReport SendUdp(AgentRequest request)
    {
        var destination = Destination(request);
        var chunk = new byte[Required(request.ChunkSize, "chunkSize")];
        using var socket = new Socket(destination.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        if (request.SegmentSize is { } segment) LabSockets.SetUdpSegment(socket, segment);
        if (request.MarkerPort is { } from)
            socket.Bind(new IPEndPoint(destination.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, from));
        // Unconnected sends: an ICMP port-unreachable from a far end with no listener must not fail later sends.
        return Pump(Required(request.Bytes, "bytes"), chunk, remaining => socket.SendTo(chunk.AsSpan(0, remaining), destination));
    }

    private static AgentTrafficReport SendTcp(AgentRequest request)
    {
        var destination = Destination(request);
        var chunk = new byte[request.ChunkSize ?? 64 * 1024];
        // The connect and every send must progress within the request's bound: a stream that stops moving is answered
        // with the evidence of where it stuck, before the host's own deadline, not with a silent channel.
        var stall = TimeSpan.FromMilliseconds(request.TimeoutMilliseconds ?? 10_000);
        using var socket = new Socket(destination.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { SendTimeout = (int)stall.TotalMilliseconds };
        using (var connect = new CancellationTokenSource(stall))
            try
            {
                socket.ConnectAsync(destination, connect.Token).AsTask().GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no connection to {destination} within {stall.TotalSeconds} s; {StalledStreamEvidence.Describe(socket)}");
            }
        var sendFor = request.DurationMilliseconds is { } limit ? TimeSpan.FromMilliseconds(limit) : (TimeSpan?)null;
        long accepted = 0;
        try
        {
            var report = Pump(Required(request.Bytes, "bytes"), chunk, remaining =>
            {
                var sent = socket.Send(chunk.AsSpan(0, remaining));
                accepted += sent;
                return sent;
            }, sendFor);
            socket.Shutdown(SocketShutdown.Send);
            return report;
        }
        catch (SocketException e)
        {
            var what = e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock
                ? $"the stream stalled: no send progressed within {stall.TotalSeconds} s"
                : $"the stream failed ({e.Message})";
            throw new IOException($"{what} after {accepted} bytes; {StalledStreamEvidence.Describe(socket)}", e);
        }
    }

    /// <summary>Sends until <paramref name="total"/> bytes are out or, when given, <paramref name="sendFor"/> has passed (a timed bulk send).</summary>
    private static AgentTrafficReport Pump(long total, byte[] chunk, Func<int, int> send, TimeSpan? sendFor = null)
    {
        // A recognisable, position-dependent payload, so the far end could check every byte arrived in order.
        for (var i = 0; i < chunk.Length; i++) chunk[i] = (byte)i;
        var clock = Stopwatch.StartNew();
        long sent = 0;
        var calls = 0;
        var deadline = sendFor ?? TimeSpan.MaxValue;
        while (sent < total && clock.Elapsed < deadline)
        {
            sent += send((int)Math.Min(chunk.Length, total - sent));
            calls++;
        }
        return new AgentTrafficReport(sent, calls, clock.Elapsed.TotalSeconds);
    }

    private int StartCapture(AgentRequest request)
    {
        var ifname = Required(request.Interface, "interface");
        var socket = PacketSocket.Open(NetNamespace.HostWithPermission([ifname]), ifname, request.VnetHeader ?? true);
        var id = nextCaptureId++;
        captures.Add(id, socket);
        return id;
    }

    private List<AgentFrame> CollectCapture(AgentRequest request)
    {
        var id = Required(request.CaptureId, "captureId");
        if (!captures.Remove(id, out var socket)) throw new ArgumentException($"no open capture {id}");
        using (socket)
        {
            var frames = new List<AgentFrame>();
            var buffer = new byte[CaptureBufferSize];
            var timeout = TimeSpan.FromMilliseconds(request.TimeoutMilliseconds ?? 5_000);
            var count = Required(request.Count, "count");
            if (request.MarkerPort is not { } marker)
            {
                // A quiet period, not a deadline: a bulk transfer's frames are all queued already and must not be cut short.
                while (frames.Count < count && socket.Receive(buffer, timeout) is { } info)
                    frames.Add(Describe(buffer.AsSpan(0, info.Length), info, socket.HasVnetHeader));
                return frames;
            }
            var clock = Stopwatch.StartNew();
            while (frames.Count < count)
            {
                var left = timeout - clock.Elapsed;
                if (left <= TimeSpan.Zero || socket.Receive(buffer, left) is not { } info)
                    throw new TimeoutException($"the marker datagram from port {marker} did not reach {socket} within {timeout.TotalSeconds} s");
                var data = buffer.AsSpan(0, info.Length);
                if (IsFromPort(data[(socket.HasVnetHeader ? VirtioNetHeader.LegacySize : 0)..], marker)) break;
                frames.Add(Describe(data, info, socket.HasVnetHeader));
            }
            return frames;
        }
    }

    private int StartReceiver(AgentRequest request)
    {
        var tcp = Required(request.Protocol, "protocol") switch
        {
            AgentProtocol.Tcp => true,
            AgentProtocol.Udp => false,
            var other => throw new ArgumentException($"unknown protocol '{other}'"),
        };
        // Dual-stack: one receiver serves a far end that sends over IPv4 or IPv6.
        var socket = tcp ? new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp)
                         : new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.DualMode = true;
            socket.Bind(new IPEndPoint(IPAddress.IPv6Any, Required(request.Port, "port")));
            if (tcp) socket.Listen(1);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        var id = nextReceiverId++;
        receivers.Add(id, socket);
        return id;
    }

    private AgentTrafficReport CollectReceiver(AgentRequest request)
    {
        var id = Required(request.ReceiverId, "receiverId");
        if (!receivers.Remove(id, out var socket)) throw new ArgumentException($"no open receiver {id}");
        var quiet = TimeSpan.FromMilliseconds(request.TimeoutMilliseconds ?? 5_000);
        var clock = Stopwatch.StartNew();
        using (socket)
        {
            if (socket.SocketType == SocketType.Dgram)
            {
                if (request.MarkerPort is not { } marker) return Drain(socket, quiet, clock);
                var (datagrams, bytes) = LabSockets.ReceiveUntilMarker(socket, (ushort)marker, quiet);
                return new AgentTrafficReport(bytes, datagrams, clock.Elapsed.TotalSeconds);
            }
            if (!socket.Poll(quiet, SelectMode.SelectRead)) throw new TimeoutException($"no connection to port {((IPEndPoint)socket.LocalEndPoint!).Port} within {quiet.TotalSeconds} s");
            using var connection = socket.Accept();
            return ReadStream(connection, quiet, clock);
        }
    }

    /// <summary>Reads datagrams until none came for <paramref name="quiet"/>.</summary>
    private static AgentTrafficReport Drain(Socket socket, TimeSpan quiet, Stopwatch clock)
    {
        var buffer = new byte[64 * 1024];
        long bytes = 0;
        var calls = 0;
        while (socket.Poll(quiet, SelectMode.SelectRead))
        {
            bytes += socket.Receive(buffer);
            calls++;
        }
        return new AgentTrafficReport(bytes, calls, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// Reads a TCP stream to its end. A stream silent for <paramref name="quiet"/> before its end has stalled: that is
    /// an error with the evidence of where it stuck, not a shorter stream.
    /// </summary>
    private static AgentTrafficReport ReadStream(Socket connection, TimeSpan quiet, Stopwatch clock)
    {
        var buffer = new byte[64 * 1024];
        long bytes = 0;
        var calls = 0;
        while (true)
        {
            if (!connection.Poll(quiet, SelectMode.SelectRead))
                throw new IOException($"the stream stalled: nothing arrived for {quiet.TotalSeconds} s after {bytes} bytes; {StalledStreamEvidence.Describe(connection)}");
            var n = connection.Receive(buffer);
            if (n == 0) return new AgentTrafficReport(bytes, calls, clock.Elapsed.TotalSeconds);
            bytes += n;
            calls++;
        }
    }

    /// <summary>True for a UDP frame from <paramref name="port"/>: the marker a probe sent after a cell's traffic.</summary>
    private static bool IsFromPort(ReadOnlySpan<byte> frame, int port)
    {
        if (!ParsedFrame.TryParse(frame, out var parsed)) return false;
        // A marker sent through the lab's VXLAN tunnel is known by its inner source port.
        if (VxlanHeader.TryFindInner(frame, parsed, out var inner)) return IsFromPort(frame[inner..], port);
        return parsed.IsUdp && parsed.SourcePort == port;
    }

    private static AgentFrame Describe(ReadOnlySpan<byte> data, PacketInfo info, bool vnetHeader)
    {
        var frame = new AgentFrame(data.ToArray(), (int)info.Direction, info.AuxStatus);
        if (!vnetHeader) return frame;
        var header = VirtioNetHeader.Read(data, VirtioNetHeader.LegacySize);
        return frame with
        {
            HeaderFlags = (int)header.Flags,
            GsoType = (int)header.GsoType,
            HdrLen = header.HdrLen,
            GsoSize = header.GsoSize,
            CsumStart = header.CsumStart,
            CsumOffset = header.CsumOffset,
        };
    }

    private static IPEndPoint Destination(AgentRequest request) =>
        new(IPAddress.Parse(Required(request.Address, "address")), Required(request.Port, "port"));

    private static T Required<T>(T? value, string name) where T : class =>
        value ?? throw new ArgumentException($"the request has no '{name}'");

    private static T Required<T>(T? value, string name) where T : struct =>
        value ?? throw new ArgumentException($"the request has no '{name}'");
}
