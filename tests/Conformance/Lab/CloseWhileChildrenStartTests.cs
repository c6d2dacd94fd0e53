using System.Net;
using System.Net.Sockets;
using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Conformance.Support;
using Vnetconf.Guest;
using Vnetconf.Interop;
using Vnetconf.Links;
using Vnetconf.Scenarios;

namespace Vnetconf.Conformance.Lab;

/// <summary>
/// What the suite closes is gone once the close returns, also while it starts child processes on another thread (a
/// run's guests boot beside its host cells). A child holds a copy of every fd from its fork to its exec; a close in
/// that window left a TAP attached, or a port bound, until the child's exec, and the next cell to create the same name
/// or bind the same port failed: a run in the vnetconf image met EBUSY on a TAP's TUNSETIFF once in four runs.
/// </summary>
public sealed class CloseWhileChildrenStartTests : HostTest
{
    /// <summary>Children started while the resource is closed and made again, over and over: a few dozen hit the window.</summary>
    private const int Children = 200;

    [Test]
    public void A_TAP_closed_while_children_start_can_be_created_again_under_its_name_at_once() =>
        CloseAndMakeAgainWhileChildrenStart(() =>
            TapDevice.Create(Ns, "vt0", TunFlags.IFF_TAP | TunFlags.IFF_NO_PI | TunFlags.IFF_VNET_HDR));

    [Test]
    public void A_lab_socket_closed_while_children_start_can_be_bound_again_to_its_port_at_once() =>
        CloseAndMakeAgainWhileChildrenStart(() =>
            LabSockets.Open(Ns, new IPEndPoint(IPAddress.Loopback, LabAddresses.MarkerPort), SocketType.Dgram));

    private static void CloseAndMakeAgainWhileChildrenStart(Func<IDisposable> make)
    {
        using var stop = new CancellationTokenSource();
        var children = 0;
        var starter = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested && Volatile.Read(ref children) < Children)
            {
                ExternalCommand.TryRun("true", [], TimeSpan.FromSeconds(10));
                Interlocked.Increment(ref children);
            }
        });
        try
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (!starter.IsCompleted && DateTime.UtcNow < deadline) make().Dispose();
        }
        finally
        {
            stop.Cancel();
            starter.GetAwaiter().GetResult();
        }
        children.Should().Be(Children, "it was closed and made again while each of them started");
    }
}
