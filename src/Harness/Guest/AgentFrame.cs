using Vnetconf.Interop;
using Vnetconf.Model;
using Vnetconf.Packets;

namespace Vnetconf.Guest;

/// <summary>
/// One frame an agent capture received. <see cref="Data"/> (base64 on the wire) starts with the 10-byte virtio-net
/// header when the capture asked for PACKET_VNET_HDR; the header's fields are repeated decoded, for readable logs.
/// </summary>
/// <param name="Data">the bytes recvmsg returned</param>
/// <param name="Direction">sll_pkttype (0 host, 4 outgoing, …)</param>
/// <param name="AuxStatus">tpacket_auxdata.tp_status</param>
public sealed record AgentFrame(byte[] Data, int Direction, uint AuxStatus)
{
    public int HeaderFlags { get; init; }
    public int GsoType { get; init; }
    public int HdrLen { get; init; }
    public int GsoSize { get; init; }
    public int CsumStart { get; init; }
    public int CsumOffset { get; init; }

    /// <summary>This frame as an observation; with <paramref name="vnetHeader"/> its data starts with the 10-byte header PACKET_VNET_HDR adds.</summary>
    public CapturedFrame ToCapturedFrame(bool vnetHeader)
    {
        var headerLength = vnetHeader ? VirtioNetHeader.LegacySize : 0;
        VirtioNetHeader? header = vnetHeader ? VirtioNetHeader.Read(Data, headerLength) : null;
        return new CapturedFrame(Data[headerLength..], headerLength, header, (PacketDirection)Direction, AuxStatus);
    }
}
