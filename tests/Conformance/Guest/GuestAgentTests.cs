using System.Net;
using System.Net.Sockets;
using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Guest;
using Vnetconf.Links;
using Vnetconf.Model;
using Vnetconf.Packets;
using Vnetconf.Scenarios;

namespace Vnetconf.Conformance.Guest;

/// <summary>
/// The guest agent on the guest users get by default (a modern virtio-net-pci with QEMU's defaults on a TAP with
/// IFF_VNET_HDR): that it answers, captures and sends as the guest cells rely on, and reports a stalled stream with
/// its evidence. What this guest negotiates is the guest.negotiation entries' (GuestPathTests).
/// </summary>
public sealed class GuestAgentTests() : GuestFixture(vnetHeader: true, new VirtioNetDeviceOptions())
{
    [Test]
    public void The_agent_answers_from_the_kernel_of_the_image()
    {
        var hello = Guest.Agent.Hello();
        hello.KernelRelease.Should().Be(GuestEnvironmentRelease());
        hello.UptimeSeconds.Should().BePositive();
    }

    /// <summary>
    /// The agent (.NET) asks getrandom() for its start-up seed, which blocks until the guest's crng is initialised; with
    /// no entropy source the kernel seeds it from timer jitter, about a second under TCG, after /init started the agent
    /// ("random: crng init done" followed that line on every boot). A guest CPU with RDRAND seeds it at once.
    /// </summary>
    [Test]
    public void The_agent_starts_without_waiting_for_the_guests_random_pool()
    {
        var console = Guest.ConsoleLog();
        var agentStart = console.IndexOf(GuestImageBuilder.AgentStartLine, StringComparison.Ordinal);
        agentStart.Should().BePositive("/init says when it starts the agent:\n{0}", console);
        console[agentStart..].Should().NotContain("crng init done", "the agent started before the crng was ready, so it waited for it:\n{0}", console);
    }

    [Test]
    public void A_datagram_from_the_far_end_is_captured_in_the_guest_with_its_vnet_header()
    {
        var capture = Guest.Agent.StartCapture("eth0", vnetHeader: true);
        var payload = "vnetconf far-to-guest"u8.ToArray();
        Guest.Lab.FarOrThrow.Run(() =>
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.SendTo(payload, new IPEndPoint(LabAddresses.GuestIPv4, 9));
        });
        var frames = Guest.Agent.CollectCapture(capture, count: 8, quiet: TimeSpan.FromSeconds(3));
        var frame = frames.FirstOrDefault(f => f.Data.AsSpan().IndexOf(payload) >= 0);
        frame.Should().NotBeNull("the datagram crosses wire0 ═ nic0 ─ br0 ─ tap0 ─ QEMU to eth0 ({0} other frames captured)", frames.Count);
        frame!.Data.Length.Should().Be(VirtioNetHeader.LegacySize + 14 + 20 + 8 + payload.Length, "PACKET_VNET_HDR puts a 10-byte header before the frame");
    }

    /// <summary>
    /// A guest-path cell ends on the marker datagram sent behind its traffic, not on a quiet period (half a second per
    /// collection before): the guest's receiver and capture return what came before the marker, and only that.
    /// </summary>
    [Test]
    public void The_guests_receiver_and_capture_end_at_the_marker_and_leave_it_out()
    {
        var receiver = Guest.Agent.StartReceiver(AgentProtocol.Udp, LabAddresses.GuestPort);
        var capture = Guest.Agent.StartCapture("eth0", vnetHeader: true);
        var guest = new IPEndPoint(LabAddresses.GuestIPv4, LabAddresses.GuestPort);
        using (var sender = LabSockets.Open(Guest.Lab.FarOrThrow, new IPEndPoint(LabAddresses.StackIPv4, LabAddresses.StackPort), SocketType.Dgram))
            for (var i = 0; i < 3; i++) sender.SendTo(new byte[100], guest);
        LabSockets.SendMarker(Guest.Lab.FarOrThrow, LabAddresses.StackIPv4, guest);

        var received = Guest.Agent.CollectReceiverUntilMarker(receiver, LabAddresses.MarkerPort, TimeSpan.FromSeconds(20));
        var frames = Guest.Agent.CollectCaptureUntilMarker(capture, 64, LabAddresses.MarkerPort, TimeSpan.FromSeconds(20))
            .Select(f => f.ToCapturedFrame(vnetHeader: true)).ToList();

        (received.Calls, received.Bytes).Should().Be((3, 300L), "three datagrams came before the marker");
        frames.Count(f => f.BelongsTo(IPProtocol.Udp, LabAddresses.StackPort, LabAddresses.GuestPort)).Should().Be(3);
        frames.Should().NotContain(f => f.Parsed.IsUdp && f.Parsed.SourcePort == LabAddresses.MarkerPort, "the marker ends the collection and is not part of it");
    }

    [Test]
    public void A_receiver_whose_marker_never_comes_is_a_timeout_not_an_empty_observation()
    {
        var receiver = Guest.Agent.StartReceiver(AgentProtocol.Udp, LabAddresses.GuestPort);
        var collect = () => Guest.Agent.CollectReceiverUntilMarker(receiver, LabAddresses.MarkerPort, TimeSpan.FromMilliseconds(300));
        collect.Should().Throw<AgentException>().WithMessage($"*marker datagram from port {LabAddresses.MarkerPort}*");
    }

    /// <summary>
    /// A guest stream that stops moving is answered by the agent with the evidence of where it stuck, before the host's
    /// deadline: a far end that never reads closes the window, and the guest's send blocks. Before, the agent sat in
    /// that send and the host saw only "no answer to send-tcp" (the intermittent guest Perf failure: no evidence at all).
    /// </summary>
    [Test]
    public void A_guest_stream_that_stops_moving_is_answered_with_its_TCP_state_and_counters()
    {
        var server = new IPEndPoint(LabAddresses.StackIPv4, LabAddresses.StackPort);
        using var listener = LabSockets.Open(Guest.Lab.FarOrThrow, server, SocketType.Stream);
        listener.Listen(1); // the kernel accepts the connection and fills the receive buffer; nobody reads it
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var send = () => Guest.Agent.SendTcp(server, bytes: 64L << 20, stall: TimeSpan.FromSeconds(2));
        var stalled = send.Should().Throw<AgentException>()
            .WithMessage("*the stream stalled: no send progressed within 2 s after *bytes; tcp: state 1,*zero-window probes*; eth0: rx *interrupts: virtio*").Which;
        TestContext.Progress.WriteLine(stalled.Message);
        clock.Elapsed.Should().BeLessThan(AgentClient.DefaultTimeout, "the agent answers at its own stall bound, not at the host's deadline");
    }

    /// <summary>
    /// A stream into the guest that goes silent before its end has stalled: the agent's receiver says so, with its TCP
    /// state and counters, instead of answering with a shorter stream (which a throughput trial could only report as
    /// bytes missing, without a clue where they stuck).
    /// </summary>
    [Test]
    public void A_stream_into_the_guest_that_goes_silent_before_its_end_is_a_stall_with_evidence()
    {
        var receiver = Guest.Agent.StartReceiver(AgentProtocol.Tcp, LabAddresses.GuestPort);
        using var sender = LabSockets.Open(Guest.Lab.FarOrThrow, new IPEndPoint(LabAddresses.StackIPv4, 0), SocketType.Stream);
        sender.Connect(new IPEndPoint(LabAddresses.GuestIPv4, LabAddresses.GuestPort));
        sender.Send(new byte[1000]); // and then nothing: the stream neither moves nor ends

        var collect = () => Guest.Agent.CollectReceiver(receiver, TimeSpan.FromSeconds(2));
        collect.Should().Throw<AgentException>()
            .WithMessage("*the stream stalled: nothing arrived for 2 s after 1000 bytes; tcp: state 1,*last data received*; eth0: rx *interrupts: virtio*");
    }

    [Test]
    public void A_datagram_the_guest_sends_reaches_the_far_end()
    {
        using var far = PacketSocket.Open(Guest.Lab.FarOrThrow, HostLab.WireName, vnetHeader: true);
        var report = Guest.Agent.SendUdp(new IPEndPoint(LabAddresses.StackIPv4, 9), bytes: 1000, datagramSize: 1000);
        report.Bytes.Should().Be(1000);
        var buffer = new byte[70_000];
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        var udpFrames = 0;
        while (DateTime.UtcNow < deadline && udpFrames == 0)
        {
            if (far.Receive(buffer, TimeSpan.FromMilliseconds(500)) is not { } info) continue;
            // IPv4 (0x0800) UDP (17) to port 9, after the 10-byte virtio-net header and the Ethernet header.
            var frame = buffer.AsSpan(VirtioNetHeader.LegacySize, info.Length - VirtioNetHeader.LegacySize);
            if (frame.Length > 14 + 20 + 4 && frame[12] == 0x08 && frame[13] == 0x00 && frame[14 + 9] == 17 && frame[14 + 20 + 3] == 9) udpFrames++;
        }
        udpFrames.Should().BePositive("the guest's datagram crosses QEMU ─ tap0 ─ br0 ─ nic0 ═ wire0");
    }

    private static string GuestEnvironmentRelease() => Support.GuestEnvironment.Require().Image.Kernel.Release;
}
