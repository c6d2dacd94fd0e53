using Vnetconf.Guest;
using Vnetconf.Interop;
using Vnetconf.Netmap;
using Vnetconf.Scenarios;

namespace Vnetconf.GuestAgent;

/// <summary>
/// Carries out the netmap requests with the harness's binding. Ports stay registered between requests (a frame is
/// injected from the host while the port waits), keyed by the id the open answered; those left open close with the
/// agent's process, before /init powers the guest off.
/// </summary>
internal sealed class NetmapRequestHandler
{
    private readonly Dictionary<int, NetmapPort> ports = new();
    private int nextPortId = 1;

    public NetmapAgentReply Handle(string command, NetmapAgentRequest request)
    {
        try
        {
            return command switch
            {
                NetmapAgentCommand.Open => Open(request),
                NetmapAgentCommand.Receive => Receive(request),
                NetmapAgentCommand.Transmit => Transmit(request),
                NetmapAgentCommand.TransmitFor => TransmitFor(request),
                NetmapAgentCommand.Close => Close(request),
                NetmapAgentCommand.GetHeaderLength => GetHeaderLength(request),
                NetmapAgentCommand.SetHeaderLength => SetHeaderLength(request),
                NetmapAgentCommand.HostProbe => HostProbe(request),
                NetmapAgentCommand.ApiVersions => ApiVersions(),
                _ => throw new ArgumentException($"unknown netmap command '{command}'"),
            };
        }
        catch (SyscallException e) when (e.Call.StartsWith("NIOCCTRL", StringComparison.Ordinal))
        {
            // netmap refused the request: an outcome the tests assert, not a failure of the agent.
            return new NetmapAgentReply { Refusal = e.ErrnoName, RefusalMessage = e.Message };
        }
    }

    private NetmapAgentReply Open(NetmapAgentRequest request)
    {
        var spec = NetmapPortSpec.Parse(Required(request.Port, "port"));
        if (request.AcceptVnetHeader) spec = spec.WithFlags(NetmapRegisterFlags.NR_ACCEPT_VNET_HDR);
        var port = NetmapPort.Open(spec, request.Admode is { } admode ? (NetmapAdapterMode)admode : null);
        if (request.RxBufferFill is { } fill) port.FillRxBufferStarts(fill);
        var id = nextPortId++;
        ports.Add(id, port);
        using var control = NetmapControl.Open();
        return new NetmapAgentReply
        {
            PortId = id,
            Adapter = port.Adapter.Kind.ToString(),
            AdapterEvidence = port.Adapter.Evidence,
            ApiVersion = NetmapAbi.NETMAP_API,
            Info = port.Info,
            BufferSize = port.RxRings.Count > 0 ? (int)port.RxRings[0].BufferSize : null,
            HeaderLength = control.GetHeaderLength(spec.PortName),
        };
    }

    private NetmapAgentReply Receive(NetmapAgentRequest request)
    {
        var port = Port(request);
        var wanted = Required(request.Count, "count");
        var timeout = TimeSpan.FromMilliseconds(request.TimeoutMilliseconds ?? 5_000);
        var deadline = DateTime.UtcNow + timeout;
        var frames = new List<NetmapReceivedFrame>();
        // Bounded by the deadline: each Receive waits at most for what is left of it.
        while (frames.Count < wanted)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) break;
            frames.AddRange(port.Receive(Required(request.LeadingBytes, "leadingBytes"), left));
        }
        return new NetmapAgentReply { Frames = frames };
    }

    private NetmapAgentReply Transmit(NetmapAgentRequest request)
    {
        Port(request).Transmit(Required(request.Frame, "frame"), TimeSpan.FromMilliseconds(request.TimeoutMilliseconds ?? 5_000));
        return new NetmapAgentReply();
    }

    private NetmapAgentReply TransmitFor(NetmapAgentRequest request)
    {
        var duration = TimeSpan.FromMilliseconds(Required(request.DurationMilliseconds, "durationMilliseconds"));
        // Draining a full ring takes milliseconds even under TCG; a second covers a slow host without hiding a stuck one.
        var rate = Port(request).TransmitFor(Required(request.Frame, "frame"), duration, drainTimeout: TimeSpan.FromSeconds(1));
        return new NetmapAgentReply { Rate = rate };
    }

    private NetmapAgentReply Close(NetmapAgentRequest request)
    {
        var id = Required(request.PortId, "portId");
        if (!ports.Remove(id, out var port)) throw new ArgumentException($"no open netmap port {id}");
        port.Dispose();
        return new NetmapAgentReply();
    }

    private static NetmapAgentReply GetHeaderLength(NetmapAgentRequest request)
    {
        using var control = NetmapControl.Open();
        return new NetmapAgentReply { HeaderLength = control.GetHeaderLength(NetmapPortSpec.Parse(Required(request.Port, "port")).PortName) };
    }

    private static NetmapAgentReply SetHeaderLength(NetmapAgentRequest request)
    {
        var name = NetmapPortSpec.Parse(Required(request.Port, "port")).PortName;
        using var control = NetmapControl.Open();
        control.SetHeaderLength(name, Required(request.HeaderLength, "headerLength"));
        return new NetmapAgentReply { HeaderLength = control.GetHeaderLength(name) };
    }

    private static NetmapAgentReply ApiVersions()
    {
        using var control = NetmapControl.Open();
        return new NetmapAgentReply { AcceptedApi = control.AcceptedApiVersions() };
    }

    private static NetmapAgentReply HostProbe(NetmapAgentRequest request)
    {
        var observed = NetmapHostProbe.Observe(NetmapHostScenario.Find(Required(request.Case, "case")));
        return new NetmapAgentReply { Aspects = observed.Aspects, Notes = observed.Notes };
    }

    private NetmapPort Port(NetmapAgentRequest request)
    {
        var id = Required(request.PortId, "portId");
        return ports.TryGetValue(id, out var port) ? port : throw new ArgumentException($"no open netmap port {id}");
    }

    private static T Required<T>(T? value, string name) where T : class =>
        value ?? throw new ArgumentException($"the netmap request has no '{name}'");

    private static T Required<T>(T? value, string name) where T : struct =>
        value ?? throw new ArgumentException($"the netmap request has no '{name}'");
}
