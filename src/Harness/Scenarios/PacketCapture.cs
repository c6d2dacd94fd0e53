using Vnetconf.Links;
using Vnetconf.Model;
using Vnetconf.Packets;

namespace Vnetconf.Scenarios;

/// <summary>
/// An AF_PACKET capture as an observation point: each frame with the virtio-net header the kernel derived from
/// its skb (PACKET_VNET_HDR), the direction and the checksum status (PACKET_AUXDATA).
/// </summary>
internal sealed class PacketCapture(PacketSocket socket) : IFrameSource, IDisposable
{
    private readonly byte[] buffer = new byte[TapGuest.MaxFrame + VirtioNetHeader.LegacySize];

    public static PacketCapture Open(NetNamespace ns, string interfaceName) =>
        new(PacketSocket.Open(ns, interfaceName, vnetHeader: true, auxData: true));

    public PacketSocket Socket { get; } = socket;

    public CapturedFrame? Receive(TimeSpan timeout)
    {
        if (Socket.Receive(buffer, timeout) is not { } info) return null;
        var headerLength = Socket.HasVnetHeader ? VirtioNetHeader.LegacySize : 0;
        VirtioNetHeader? header = headerLength > 0 ? VirtioNetHeader.Read(buffer, headerLength) : null;
        return new CapturedFrame(buffer.AsSpan(headerLength, info.Length - headerLength).ToArray(), headerLength, header, info.Direction, info.AuxStatus);
    }

    public void Dispose() => Socket.Dispose();

    public override string ToString() => Socket.ToString();
}
